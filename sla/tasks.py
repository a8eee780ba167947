"""Celery tasks of the SLA layer: thin (ids in, one service call), idempotent."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="sla.sweep", ignore_result=True)
def sweep():
    """Every minute: breaches and escalations whose instant has passed."""
    from .services.sweep import sla_sweep

    sla_sweep(now=timezone.now())


@shared_task(name="sla.notifications_dispatch", ignore_result=True)
def notifications_dispatch():
    """Every minute: e-mail the notifications whose delivery time has come."""
    from tickets.services import notifications_dispatch as dispatch

    dispatch(now=timezone.now())


@shared_task(name="sla.recompute_open", ignore_result=True)
def recompute_open(ticket_ids=None):
    """After a policy or calendar change: replay the clocks of open tickets."""
    from .services.clocks import clocks_recompute_open

    clocks_recompute_open(now=timezone.now(), ticket_ids=ticket_ids)


# The daily agreement expiry lives beside its service; importing it here registers it
# with the worker (Celery autodiscovers only `tasks.py`).
from .agreement_tasks import expire_agreements  # noqa: E402, F401

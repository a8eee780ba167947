"""Celery tasks of the SLA layer: thin (ids in, one service call), idempotent.

Every task here may run twice (a redelivered message, a beat re-drive racing the
task): each is idempotent, so they acknowledge late (`acks_late`, with
`task_reject_on_worker_lost` in settings) — a worker killed mid-task leaves the
message on the broker for another worker instead of losing it. What MUST happen is
not left to a message at all: escalation actions and clock recomputes are rows in
the database (`sla.models.outbox`), and beat re-drives the pending ones."""

from celery import shared_task
from django.utils import timezone

DURABLE = {"ignore_result": True, "acks_late": True}


@shared_task(name="sla.sweep", **DURABLE)
def sweep():
    """Every minute: breaches and escalations whose instant has passed; the
    escalation actions it recorded are applied once it has committed."""
    from .services.sweep import sla_sweep

    result = sla_sweep(now=timezone.now())
    if result.action_ids:
        escalation_actions_apply.delay(result.action_ids)


@shared_task(name="sla.escalation_actions_apply", **DURABLE)
def escalation_actions_apply(action_ids):
    """Apply these pending escalation actions (raise priority, reassign)."""
    from .services.actions import escalation_actions_apply as apply

    apply(now=timezone.now(), action_ids=action_ids)


@shared_task(name="sla.escalation_actions_redrive", **DURABLE)
def escalation_actions_redrive():
    """Every minute: every pending escalation action whose (re)try time has come."""
    from .services.actions import escalation_actions_apply as apply

    apply(now=timezone.now())


@shared_task(name="sla.notifications_dispatch", **DURABLE)
def notifications_dispatch():
    """Every minute: e-mail the notifications whose delivery time has come."""
    from tickets.services import notifications_dispatch as dispatch

    dispatch(now=timezone.now())


@shared_task(name="sla.recompute_request_run", **DURABLE)
def recompute_request_run(request_id):
    """Replay the clocks a recorded `RecomputeRequest` names (after a policy or
    calendar change)."""
    from .services.recompute_requests import recompute_request_run as run

    run(request_id=request_id, now=timezone.now())


@shared_task(name="sla.recompute_requests_redrive", **DURABLE)
def recompute_requests_redrive():
    """Every minute: resume the recompute requests no worker holds."""
    from .services.recompute_requests import recompute_requests_redrive as redrive

    redrive(now=timezone.now())


@shared_task(name="sla.recompute_open", **DURABLE)
def recompute_open(ticket_ids=None):
    """Kept for messages queued before the upgrade: records a durable request."""
    from .services.recompute_requests import recompute_request_create

    recompute_request_create(reason="recompute_open", ticket_ids=ticket_ids, now=timezone.now())


# The daily agreement expiry lives beside its service; importing it here registers it
# with the worker (Celery autodiscovers only `tasks.py`).
from .agreement_tasks import expire_agreements  # noqa: E402, F401

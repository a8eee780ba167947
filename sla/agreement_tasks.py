"""The daily agreement expiry as a Celery task (thin: read the clock, call the
service). Celery autodiscovers only `sla/tasks.py`, which the clocks area owns; this
module is registered by importing it from there (or by listing it in
`CELERY_IMPORTS`), and scheduled in `CELERY_BEAT_SCHEDULE` as
"sla.agreement_tasks.expire_agreements" once a day shortly after local midnight."""

from celery import shared_task
from django.utils import timezone

from .services.agreements import agreements_expire


@shared_task(name="sla.agreement_tasks.expire_agreements")
def expire_agreements() -> int:
    return agreements_expire(now=timezone.now())

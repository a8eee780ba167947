"""QA tasks: thin, idempotent. Beat runs `qa.month_start` on the 1st (compute last
month's performance while it is open, the exempt stars of the new month) and
`qa.evaluations_expire` daily."""

from celery import shared_task
from django.utils import timezone

from slacenter.errors import Conflict

from .services.common import local_month
from .services.evaluations import evaluations_expire
from .services.performance import performance_compute
from .services.sampling import exempt_stars_compute, previous_month


@shared_task(name="qa.compute_month", acks_late=True)
def compute_month(month: str | None = None) -> str:
    from datetime import date

    now = timezone.now()
    target = date.fromisoformat(month) if month else previous_month(local_month(now))
    try:
        performance_compute(actor=None, month=target, now=now, system=True)
    except Conflict:
        return "locked"
    return "computed"


@shared_task(name="qa.month_start", acks_late=True)
def month_start() -> None:
    now = timezone.now()
    exempt_stars_compute(month=local_month(now), now=now)
    compute_month.delay()


@shared_task(name="qa.evaluations_expire", acks_late=True)
def expire_evaluations() -> int:
    return evaluations_expire(now=timezone.now())

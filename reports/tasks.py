"""Celery tasks of the reports app: thin (ids in, a service call), idempotent."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="reports.close_previous_month")
def close_previous_month():
    """Beat runs this on the 1st at 02:00 (Asia/Shanghai): close last month. A second
    run re-closes it (same rows); a locked month is left alone."""
    from slacenter.errors import Conflict

    from .services import month_close
    from .sources import previous_month

    now = timezone.now()
    try:
        month_close(month=previous_month(timezone.localdate(now)), system=True, now=now)
    except Conflict:
        return "locked"
    return "closed"


@shared_task(name="reports.dashboards_refresh")
def dashboards_refresh():
    """Beat, every 5 minutes: the dashboards' month-to-date figures into the cache."""
    from .dashboard import dashboards_refresh as refresh

    return refresh(now=timezone.now())


@shared_task(name="reports.export_run", bind=True, max_retries=2)
def export_run(self, job_id: int):
    from .services.exports import export_job_run

    export_job_run(job_id=job_id)

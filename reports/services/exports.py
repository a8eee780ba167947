"""Long exports as Celery tasks: the request is a row, the task writes the file under
REPORTS_EXPORT_ROOT with its progress on the row, and notifies the requester."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from ..exports.formats import csv_lines, write_xlsx
from ..exports.tables import TABLES, table
from ..models import ExportJob, ExportStatus

FORMATS = ("csv", "xlsx")


def export_path(job: ExportJob):
    return settings.REPORTS_EXPORT_ROOT / job.file_name


def export_request(*, actor, report: str, fmt: str, params=None, now=None) -> ExportJob:
    now = now or timezone.now()
    if report not in TABLES:
        raise DomainError(_("Unknown report “%(name)s”.") % {"name": report}, field="report")
    if fmt not in FORMATS:
        raise DomainError(_("Format must be csv or xlsx."), field="fmt")
    params = {k: str(v)[:20] for k, v in (params or {}).items() if k in ("month",)}
    table(report, actor, params)  # validates the parameters now, not in the worker
    from ..tasks import export_run

    job = ExportJob.objects.create(requested_by=actor, report=report, fmt=fmt, params=params, created_at=now)
    export_run.delay_on_commit(job.pk)
    return job


def export_job_run(*, job_id: int, now=None) -> ExportJob:
    """Idempotent: a finished job is left alone; a failed or interrupted one is redone."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status == ExportStatus.DONE:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=0)
    try:
        headers, rows, count = table(job.report, job.requested_by, job.params)
        total = max(count(), 1)

        def progress(done):
            ExportJob.objects.filter(pk=job.pk).update(progress=min(99, done * 100 // total))

        root = settings.REPORTS_EXPORT_ROOT
        root.mkdir(parents=True, exist_ok=True)
        job.file_name = f"export-{job.pk}-{job.report}.{job.fmt}"
        path = root / job.file_name
        if job.fmt == "xlsx":
            write_xlsx(path, headers, rows, title=job.report, progress=progress)
        else:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                for line in csv_lines(headers, _counted(rows, progress)):
                    handle.write(line)
    except DomainError as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error=exc.message,
                                                   finished_at=timezone.now())
        return ExportJob.objects.get(pk=job.pk)
    now = now or timezone.now()
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE, progress=100, file_name=job.file_name,
                                                   finished_at=now)
        from tickets.services.notifications import notification_send

        notification_send(recipient=job.requested_by, key=f"reports.export.{job.pk}",
                          subject=_("Your export is ready: %(name)s") % {"name": job.file_name},
                          url=reverse("reports:export_detail", args=[job.pk]), now=now)
    return ExportJob.objects.get(pk=job.pk)


def _counted(rows, progress):
    for i, row in enumerate(rows, start=1):
        if i % 500 == 0:
            progress(i)
        yield row


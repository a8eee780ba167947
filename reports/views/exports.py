"""Direct (streamed) exports and the long-export jobs with their progress page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from slacenter.errors import DomainError

from .. import selectors
from ..exports.formats import csv_response, xlsx_response
from ..exports.tables import table
from ..models import ExportStatus
from ..services.exports import export_path, export_request


@login_required
def export_direct(request, report, fmt):
    params = {"month": request.GET.get("month", "")[:7]} if request.GET.get("month") else {}
    try:
        headers, rows, _count = table(report, request.user, params)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        return HttpResponseBadRequest(exc.message)
    name = f"{report}-{params.get('month', 'all')}"
    if fmt == "csv":
        return csv_response(name, headers, rows)
    return xlsx_response(name, headers, rows)


@login_required
def export_list(request):
    jobs = selectors.export_job_scope(request.user)[:50]
    return render(request, "reports/exports.html", {"jobs": jobs})


@login_required
@require_POST
def export_start(request):
    try:
        job = export_request(actor=request.user, report=request.POST.get("report", ""),
                             fmt=request.POST.get("fmt", ""), params={"month": request.POST.get("month", "")}
                             if request.POST.get("month") else {}, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:exports")
    return redirect("reports:export_detail", pk=job.pk)


@login_required
def export_detail(request, pk):
    job = selectors.export_job_get(request.user, pk)
    template = "reports/_export_progress.html" if request.headers.get("HX-Request") else "reports/export_detail.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request, pk):
    job = selectors.export_job_get(request.user, pk)
    if job.status != ExportStatus.DONE:
        raise Http404
    path = export_path(job)
    if not path.is_file():
        raise Http404
    return FileResponse(open(path, "rb"), as_attachment=True, filename=job.file_name)

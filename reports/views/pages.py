"""Months, agreement closes, their printable report and the rows behind a figure."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from sla.selectors.clocks import clock_scope
from tickets.selectors import ticket_scope

from .. import selectors
from ..exports.pdf import pdf_unavailable, render_pdf
from ..permissions import can_adjust, can_appeal, can_decide, can_lock_month, can_run_close
from ..services import appeal_deadline
from ..services.scope import agreement_categories
from ..sources import PeriodContext
from ..sources import sla as sla_source
from ..sources import tickets as ticket_source
from .common import parse_month


@login_required
def month_list(request):
    months = list(selectors.month_list(request.user))
    return render(request, "reports/month_list.html", {
        "months": months, "can_close": can_run_close(request.user), "now": timezone.now()})


@login_required
def month_detail(request, month):
    report_month = selectors.month_get(request.user, parse_month(month))
    closes = selectors.close_scope(request.user).filter(month=report_month).order_by("version__agreement__code")
    pending = selectors.pending_appeals(request.user).filter(violation__close__month=report_month)
    return render(request, "reports/month_detail.html", {
        "month": report_month, "closes": closes, "pending": pending,
        "can_close": can_run_close(request.user) and not report_month.is_locked,
        "can_lock": can_lock_month(request.user) and not report_month.is_locked,
        "adjustments": selectors.adjustment_scope(request.user).filter(month=report_month).select_related(
            "original__close__version__agreement", "original__ticket", "original__indicator_result"),
    })


def _close_context(request, pk):
    close = selectors.close_get(request.user, pk)
    user = request.user
    violations = []
    for v in close.violations.all():
        v.close = close  # the instance with the prefetched parties (no query per violation)
        appeal = getattr(v, "appeal", None)
        violations.append({
            "v": v, "appeal": appeal,
            "may_appeal": not close.month.is_locked and appeal is None and v.current and can_appeal(user, v)
            and timezone.now() < appeal_deadline(v),
            "may_decide": not close.month.is_locked and appeal is not None and appeal.status == "pending"
            and can_decide(user, v) and appeal.filed_by_id != user.pk,
            "may_withdraw": not close.month.is_locked and appeal is not None and appeal.status == "pending"
            and appeal.filed_by_id == user.pk,
            "may_adjust": close.month.is_locked and can_adjust(user),
        })
    return {"close": close, "month": close.month, "violations": violations,
            "results": list(close.indicator_results.all()), "criteria": list(close.criteria.all()),
            "clients": list(close.version.client_departments.all())}


@login_required
def close_detail(request, pk):
    return render(request, "reports/close_detail.html", _close_context(request, pk))


@login_required
def close_print(request, pk):
    context = _print_context(request, pk)
    context["pdf_unavailable"] = pdf_unavailable()
    return render(request, "reports/close_print.html", context)


@login_required
def close_pdf(request, pk):
    """The printable report as a PDF (A4), or a page that says why not and links the
    printable page (503) when this server cannot make PDFs."""
    context = _print_context(request, pk)
    message = pdf_unavailable()
    if message:
        return render(request, "reports/pdf_unavailable.html", {**context, "message": message}, status=503)
    html = render_to_string("reports/close_print.html", {**context, "for_pdf": True}, request=request)
    close, month = context["close"], context["month"]
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(close.version.agreement.code)}-{month.month:%Y-%m}.pdf"')
    return response


def _print_context(request, pk) -> dict:
    context = _close_context(request, pk)
    notices: dict = {}
    for row in context["violations"]:
        v = row["v"]
        if not v.current or v.final_amount <= 0:
            continue
        key = (v.person_id, v.department_id)
        notice = notices.setdefault(key, {"person": v.person, "department": v.department, "items": [], "total": 0})
        notice["items"].append(v)
        notice["total"] += v.final_amount
    context["notices"] = list(notices.values())
    context["printed_at"] = timezone.now()
    return context


@login_required
def result_rows(request, pk):
    """The rows behind one indicator figure: the clocks or tickets it counted, each
    visible only if the caller may see its ticket."""
    result = selectors.indicator_result_get(request.user, pk)
    version = result.close.version
    ctx = PeriodContext(version=version, start=result.period_start, end=result.period_end,
                        client_ids=[d.pk for d in version.client_departments.all()], provider_id=version.provider_id,
                        category_ids=agreement_categories(version), channels=list(version.channels or []))
    metric_clock = {"first_response_compliance": "first_response", "resolution_compliance": "resolution",
                    "department_reply_timeliness": "department_reply"}.get(result.metric)
    if metric_clock:
        rows = sla_source.clock_rows(ctx, metric_clock).filter(pk__in=clock_scope(request.user).values("pk"))
        rows = rows.select_related("ticket", "responsible_user", "responsible_department").order_by("due_at", "id")
        kind = "clocks"
    elif result.metric == "channel_complaints_per_orders":
        rows = ticket_source.complaint_rows(ctx).filter(pk__in=ticket_scope(request.user).values("pk")).order_by(
            "created_at", "id")
        kind = "tickets"
    else:
        rows, kind = [], "none"
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "reports/result_rows.html", {"result": result, "page": page, "kind": kind})

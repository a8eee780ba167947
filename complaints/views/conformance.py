"""Complaint-handling conformance (ISO 10002 / GB/T 19012): the panel on the ticket
page (each step with its time and whether it was in time, and the form recording that
further recourse was told), and the monthly page with the share in time per step."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slacenter.errors import DomainError
from tickets.views.common import edge_now

from ..models import ComplaintStage
from ..permissions import can_handle, can_see_hotspots
from ..selectors import complaint_for_ticket, complaint_get
from ..selectors_conformance import STEPS, conformance_of, monthly_conformance, parse_month
from ..services.conformance import RECOURSE_MAX, complaint_recourse_record


def panel_context(request, ticket) -> dict:
    complaint = complaint_for_ticket(request.user, ticket)
    if complaint is None:
        return {"complaint": None}
    return {
        "complaint": complaint,
        "conformance": conformance_of(complaint, now=edge_now()),
        "can_record_recourse": can_handle(request.user)
        and complaint.stage in (ComplaintStage.ANSWERED, ComplaintStage.CLOSED),
        "recourse_max": RECOURSE_MAX,
    }


@login_required
@require_POST
def recourse_record(request, pk):
    complaint = complaint_get(request.user, pk)
    try:
        complaint_recourse_record(actor=request.user, complaint=complaint, note=request.POST.get("note", ""),
                                  now=edge_now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Further recourse recorded."))
    return redirect("tickets:detail", complaint.ticket_id)


@login_required
def conformance_month(request):
    user = request.user
    if not can_see_hotspots(user):
        raise Http404
    today = timezone.localdate()
    status, error = 200, ""
    try:
        month = parse_month(request.GET.get("month"), today=today)
    except DomainError as exc:
        status, error, month = 400, exc.message, today.replace(day=1)
    figures = monthly_conformance(user, month, now=timezone.now())
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(request, "complaints/conformance.html", {
        "figures": figures, "month": month, "error": error, "steps": STEPS,
        "month_value": f"{month:%Y-%m}", "max_month": f"{today:%Y-%m}",
        "previous_month": f"{previous:%Y-%m}",
        "next_month": f"{following:%Y-%m}" if following <= today else "",
    }, status=status)

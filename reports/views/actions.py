"""POST actions: close a month, lock it, appeal, decide, withdraw, adjust. Each calls
one service; a refusal comes back as a message on the page it was asked from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slacenter.errors import DomainError

from .. import selectors
from ..permissions import can_lock_month, can_run_close
from ..services import adjustment_create, appeal_file, appeal_transition, month_close, month_lock
from ..workflow import APPEAL_WORKFLOW
from .common import parse_month


@login_required
@require_POST
def close_run(request):
    if not can_run_close(request.user):
        raise Http404
    month = parse_month((request.POST.get("month") or "")[:7])
    try:
        report_month = month_close(month=month, actor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:months")
    messages.success(request, _("%(month)s closed.") % {"month": report_month})
    return redirect("reports:month", month=f"{report_month.month:%Y-%m}")


@login_required
@require_POST
def month_lock_view(request, month):
    report_month = selectors.month_get(request.user, parse_month(month))
    if not can_lock_month(request.user):
        raise Http404
    try:
        month_lock(actor=request.user, month=report_month, now=timezone.now())
        messages.success(request, _("%(month)s is locked.") % {"month": report_month})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reports:month", month=month)


@login_required
@require_POST
def violation_appeal(request, pk):
    violation = selectors.violation_get(request.user, pk)
    try:
        appeal_file(actor=request.user, violation=violation, reason=request.POST.get("reason", ""),
                    evidence=request.POST.get("evidence", ""), now=timezone.now())
        messages.success(request, _("Appeal filed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{_close_url(violation)}#violation-{violation.pk}")


def _close_url(violation):
    return reverse("reports:close", args=[violation.close_id])


@login_required
@require_POST
def appeal_decide(request, pk):
    appeal = selectors.appeal_get(request.user, pk)
    action = request.POST.get("action", "")
    if APPEAL_WORKFLOW.get(action) is None:
        messages.error(request, _("Unknown decision."))
    else:
        try:
            appeal_transition(actor=request.user, appeal=appeal, action=action,
                              reason=request.POST.get("reason", ""), amount=request.POST.get("amount"),
                              now=timezone.now())
            messages.success(request, _("Decision recorded."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect(f"{_close_url(appeal.violation)}#violation-{appeal.violation_id}")


@login_required
@require_POST
def violation_adjust(request, pk):
    violation = selectors.violation_get(request.user, pk)
    month = (request.POST.get("month") or "")[:7]
    try:
        adjustment_create(actor=request.user, original=violation, month=parse_month(month),
                          amount=request.POST.get("amount"), reason=request.POST.get("reason", ""),
                          now=timezone.now())
        messages.success(request, _("Adjustment booked in %(month)s.") % {"month": month})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{_close_url(violation)}#violation-{violation.pk}")


"""The department inbox and the answer / bounce posts (from the inbox or from the
ticket page: `origin=detail` re-renders the ticket page on a refusal)."""

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import DateTimeField, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..filters import InboxFilter
from ..forms import TransferAnswerForm, TransferBounceForm
from ..inbox import deadline_provider
from ..models import TransferStatus
from ..permissions import can_answer_transfer
from ..selectors import ticket_get, transfer_get, transfer_inbox
from .common import call_service, edge_now, form_error, render_page
from .detail_context import detail_context

ANSWERED_SHOWN = 50
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)  # no deadline sorts last, on every database


def _inbox_context(request, bound: dict | None = None) -> dict:
    """Open questions as cards, most urgent first (by the reply deadline the inbox's
    deadline provider annotates; without one, oldest first), answered ones below;
    filtered by status, category, overdue and search."""
    bound = bound or {}
    now = edge_now()
    provider = deadline_provider()
    inbox = transfer_inbox(request.user).select_related("ticket__category", "ticket__category__parent")
    if provider is not None:
        inbox = provider.annotate(inbox, now)
    filterset = InboxFilter(request.GET or None, queryset=inbox, request=request, now=now)
    if filterset.is_bound:
        filterset.is_valid()  # a value not understood is reported and left out
    inbox = filterset.qs
    urgency = ["requested_at", "id"]
    if provider is not None:
        urgency = [Coalesce("reply_due_at", Value(FAR_FUTURE, output_field=DateTimeField())), *urgency]
    open_rows = []
    for transfer in inbox.filter(status=TransferStatus.OPEN).order_by(*urgency):
        prefix = f"t{transfer.pk}"
        open_rows.append({
            "transfer": transfer,
            "can_answer": can_answer_transfer(request.user, transfer),
            "answer_form": bound.get(("answer", transfer.pk)) or TransferAnswerForm(prefix=prefix),
            "bounce_form": bound.get(("bounce", transfer.pk)) or TransferBounceForm(prefix=prefix),
            "error": bound.get(("error", transfer.pk)),
        })
    answered = list(inbox.exclude(status=TransferStatus.OPEN).order_by("-answered_at", "-id")[:ANSWERED_SHOWN])
    return {"open_rows": open_rows, "answered": answered, "filter": filterset,
            "deadline_template": provider.template if provider else None}


@login_required
@require_GET
def inbox(request):
    return render(request, "tickets/inbox.html", _inbox_context(request))


def _close(request, pk, *, kind: str):
    transfer = transfer_get(request.user, pk)
    prefix = f"t{transfer.pk}"
    if kind == "answer":
        form = TransferAnswerForm(request.POST, prefix=prefix)
        service, field, done = services.transfer_answer, "answer", _("The answer was sent to the service center.")
    else:
        form = TransferBounceForm(request.POST, prefix=prefix)
        service, field, done = services.transfer_bounce, "reason", _("The transfer was bounced back.")
    error = form_error(form) if not form.is_valid() else None
    if error is None:
        _result, error = call_service(
            service, transfer=transfer, actor=request.user, now=edge_now(), **{field: form.cleaned_data[field]}
        )
    from_detail = request.POST.get("origin") == "detail"
    if error is None:
        messages.success(request, done)
        return redirect("tickets:detail", pk=transfer.ticket_id) if from_detail else redirect("tickets:inbox")
    bound = {(kind, transfer.pk): form, ("error", transfer.pk): error}
    if from_detail:
        ticket = ticket_get(request.user, transfer.ticket_id)
        context = detail_context(request, ticket, forms=bound)
        return render_page(request, "tickets/detail.html", "tickets/_ticket_body.html", context, status=error.status)
    return render(request, "tickets/inbox.html", _inbox_context(request, bound), status=error.status)


@login_required
@require_POST
def transfer_answer(request, pk):
    return _close(request, pk, kind="answer")


@login_required
@require_POST
def transfer_bounce(request, pk):
    return _close(request, pk, kind="bounce")

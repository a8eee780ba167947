"""Joint consultation pages: the consultation panel on a complaint's ticket page
(convene, each department's findings with its reply clock, answer, conclude) and the
list of consultations. Every write is one service call; a refusal comes back as a
message on the ticket page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tickets.models import TicketKind
from tickets.permissions import department_of, is_admin
from tickets.views.common import call_service, edge_now, form_error

from .. import forms_consultations as f
from ..models import ConsultationStatus
from ..permissions import can_handle, can_lead
from ..selectors import complaint_for_ticket, complaint_get
from ..selectors_consultations import (
    consultation_get,
    consultation_list,
    invite_get,
    ticket_consultations,
    with_reply_clocks,
)
from ..services import consultations as svc


def can_convene(user, ticket) -> bool:
    return ticket.is_open and can_handle(user) and (can_lead(user) or ticket.assignee_id == user.pk)


def panel_context(request, ticket) -> dict:
    """The consultation panel (complaint tickets only)."""
    user = request.user
    complaint = complaint_for_ticket(user, ticket) if ticket.kind == TicketKind.COMPLAINT else None
    if complaint is None:
        return {"consultation_complaint": None}
    consultations = ticket_consultations(user, ticket)
    department = department_of(user)
    for c in consultations:
        is_open = c.status == ConsultationStatus.OPEN
        c.can_conclude = is_open and can_lead(user)
        for invite in c.invites.all():
            invite.can_answer = is_open and (is_admin(user) or (department is not None
                                                                 and invite.department_id == department.pk))
    convene = can_convene(user, ticket)
    return {
        "consultation_complaint": complaint,
        "consultations": consultations,
        "can_convene": convene,
        "convene_form": f.ConveneForm(prefix="convene") if convene else None,
        "answer_form": f.AnswerForm(auto_id=False),  # one per invite row: no duplicate ids
        "conclude_form": f.ConcludeForm() if any(c.can_conclude for c in consultations) else None,
    }


def _back(ticket_id):
    return redirect(reverse("tickets:detail", args=[ticket_id]) + "#consultations")


def _done(request, ticket_id, error, done: str):
    if error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(ticket_id)


@login_required
def consultations(request):
    """Open and concluded consultations in the user's scope (a department sees the
    ones it is invited to)."""
    status = request.GET.get("status", "")
    if status not in ConsultationStatus.values:
        status = ""
    rows = with_reply_clocks(consultation_list(request.user, status=status)[:200])
    return render(request, "complaints/consultations/list.html", {
        "consultations": rows, "status": status, "statuses": ConsultationStatus.choices})


@login_required
@require_POST
def consultation_convene(request, pk):
    complaint = complaint_get(request.user, pk)
    form = f.ConveneForm(request.POST, prefix="convene")
    if not form.is_valid():
        return _done(request, complaint.ticket_id, form_error(form), "")
    data = form.cleaned_data
    _result, error = call_service(svc.consultation_convene, actor=request.user, ticket=complaint.ticket,
                                  departments=list(data["departments"]), question=data["question"],
                                  deadline=data["deadline"], now=edge_now())
    return _done(request, complaint.ticket_id, error, _("Joint consultation convened."))


@login_required
@require_POST
def invite_answer(request, pk):
    invite = invite_get(request.user, pk)
    form = f.AnswerForm(request.POST)
    ticket_id = invite.consultation.ticket_id
    if not form.is_valid():
        return _done(request, ticket_id, form_error(form), "")
    _result, error = call_service(svc.consultation_answer, actor=request.user, invite=invite,
                                  findings=form.cleaned_data["findings"], now=edge_now())
    return _done(request, ticket_id, error, _("Findings recorded."))


@login_required
@require_POST
def consultation_conclude(request, pk):
    consultation = consultation_get(request.user, pk)
    form = f.ConcludeForm(request.POST)
    if not form.is_valid():
        return _done(request, consultation.ticket_id, form_error(form), "")
    data = form.cleaned_data
    _result, error = call_service(svc.consultation_conclude, actor=request.user, consultation=consultation,
                                  owning_department=data["owning_department"], cause=data["cause"],
                                  action_plan=data["action_plan"], now=edge_now())
    return _done(request, consultation.ticket_id, error, _("Joint consultation concluded."))

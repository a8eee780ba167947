"""The complaint panel on the ticket page and its command posts (one per operation,
each a service call; a refusal comes back as a message on the ticket page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slacenter.errors import DomainError
from tickets.views.common import edge_now

from .. import forms as f
from .. import services as s
from ..models import (
    ApprovalStatus,
    CallbackStatus,
    ComplaintStage,
    IncidentLink,
    IncidentStatus,
    LinkStatus,
    RemedyStatus,
)
from ..permissions import can_decide, can_force_close, can_handle, can_lead, can_reopen
from ..selectors import approval_get, complaint_for_ticket, complaint_get, remedy_scope
from ..selectors_accountability import finding_correctable, finding_history, finding_of
from ..services.accountability import finding_record as record_finding
from ..services.authority import chain, level_of
from ..services.callbacks import unreachable_allowed
from ..services.loop import close_rule
from ..services.tokens import tracking_url


def _clocks(ticket) -> dict:
    from sla.models import TicketClock

    return {c.metric: c for c in TicketClock.objects.filter(ticket=ticket, transfer__isnull=True)}


def _incident_links(user, complaint, ticket) -> list:
    """The batch incidents this complaint is under or suggested for (a suggestion made
    at intake or when the lead confirmed the master); the handler of the complaint, or
    a lead, links it from here."""
    from ..selectors_incidents import incident_scope

    visible = incident_scope(user).order_by().values("pk")
    links = list(IncidentLink.objects.filter(complaint=complaint, incident__in=visible, incident__status__in=(
        IncidentStatus.CONFIRMED, IncidentStatus.RESOLVED)).exclude(status=LinkStatus.DECLINED)
        .select_related("incident").order_by("pk"))
    own = can_handle(user) and ticket.assignee_id == user.pk
    for link in links:
        link.can_link = (link.status == LinkStatus.SUGGESTED and link.incident.status == IncidentStatus.CONFIRMED
                         and (own or can_lead(user)))
    return links


def panel_context(request, ticket) -> dict:
    user = request.user
    complaint = complaint_for_ticket(user, ticket)
    if complaint is None:
        return {"complaint": None}
    clocks = _clocks(ticket)
    remedies = list(complaint.remedies.select_related("proposed_by", "granted_by", "executed_by")
                    .prefetch_related("approvals__approver"))
    task = complaint.callbacks.select_related("assignee").prefetch_related("attempts__by").first()
    handles = can_handle(user)
    pending = [a for r in remedies for a in r.approvals.all() if a.status == ApprovalStatus.PENDING]
    limits = {}
    for kind in {r.kind for r in remedies}:
        own = level_of(user, chain(kind))
        limits[kind] = own.max_amount if own else None
    steps = [
        (_("Acknowledged"), complaint.acknowledged_at, clocks.get("acknowledgement")),
        (_("Assessed"), complaint.assessed_at, clocks.get("assessment")),
        (_("Final reply"), complaint.final_reply_at, clocks.get("resolution")),
        (_("Callback"), task.completed_at if task else None, clocks.get("callback")),
        (_("Loop closed"), complaint.closed_at, None),
    ]
    stage = complaint.stage
    open_loop = stage not in (ComplaintStage.ANSWERED, ComplaintStage.CLOSED)
    finding = finding_of(complaint)
    rule = close_rule(complaint)
    incident_links = _incident_links(user, complaint, ticket)
    return {
        "complaint": complaint,
        "incident_links": incident_links,
        "steps": steps,
        "update_clock": clocks.get("stage_update"),
        "approval_clock": clocks.get("approval"),
        "remedies": remedies,
        "pending_mine": [a for a in pending if can_decide(user, a)],
        "task": task,
        "attempts": list(task.attempts.all()) if task else [],
        "tracking_url": tracking_url(complaint) if handles else "",
        "can_handle": handles,
        "can_acknowledge": handles and stage == ComplaintStage.RECEIVED,
        "can_assess": handles and stage in (ComplaintStage.RECEIVED, ComplaintStage.ACKNOWLEDGED),
        "can_reply": handles and open_loop,
        "can_final": handles and stage == ComplaintStage.HANDLING and not pending,
        "can_propose": handles and open_loop,
        "can_call": handles and task is not None and task.status == CallbackStatus.OPEN
        and user.pk != ticket.assignee_id,
        "can_give_up": handles and task is not None and task.status == CallbackStatus.OPEN
        and unreachable_allowed(task),
        "can_reopen": can_reopen(user) and stage in (ComplaintStage.ANSWERED, ComplaintStage.CLOSED),
        "can_force_close": can_force_close(user) and stage != ComplaintStage.CLOSED,
        "close_rule": rule,
        "finding": finding,
        "finding_history": finding_history(finding) if finding else [],
        "can_record_finding": handles and finding_correctable(finding),
        # The loop's rule is met but it waits for the root cause (see services.loop).
        "can_close": handles and stage == ComplaintStage.ANSWERED and rule is not None,
        "close_needs_finding": finding is None,
        # Built only for who sees the form (each lists the people of every department).
        "finding_form": _finding_form(finding) if handles and finding_correctable(finding) else None,
        "close_form": _finding_form(finding, "fc") if handles and finding is None else None,
        "force_close_form": (_finding_form(finding, "ff") if can_force_close(user) and finding is None
                             and stage != ComplaintStage.CLOSED else None),
        "executable": [r for r in remedies if r.status == RemedyStatus.GRANTED] if handles else [],
        "withdrawable": [r for r in remedies if r.status in (RemedyStatus.PENDING, RemedyStatus.RETURNED)
                         and (r.proposed_by_id == user.pk or can_reopen(user))],
        "returned_mine": [r for r in remedies if r.status == RemedyStatus.RETURNED and r.proposed_by_id == user.pk],
        "limits": limits,
        "assess_form": f.AssessForm(initial={"severity": complaint.severity, "priority": ticket.priority}),
        "reply_form": f.ReplyForm(),
        "remedy_form": f.RemedyForm(),
        "callback_form": f.CallbackForm(),
    }


def _finding_form(finding, prefix="fr"):
    """An unbound finding form; `prefix` only keeps the element ids of the panel's
    several finding forms apart (the field names are the same)."""
    initial = {}
    if finding is not None:
        initial = {"root_cause": finding.root_cause.code, "responsible_department": finding.responsible_department_id,
                   "responsible_person": finding.responsible_person_id, "finding_note": finding.note}
    return f.FindingForm(initial=initial, required=finding is None, auto_id=f"{prefix}_%s")


def _back(complaint):
    return redirect("tickets:detail", complaint.ticket_id)


def _run(request, back_to, fn, done: str, /, **kwargs):
    try:
        fn(**kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(back_to)


def _invalid(request, complaint, form):
    from tickets.views.common import form_error

    messages.error(request, form_error(form).message)
    return _back(complaint)


@login_required
@require_POST
def complaint_action(request, pk, action):
    """One command per operation, dispatched by name (each a single service call)."""
    complaint = complaint_get(request.user, pk)
    user, now = request.user, edge_now()
    post = request.POST
    if action == "acknowledge":
        form = f.NoteForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        return _run(request, complaint, s.complaint_acknowledge, _("Acknowledged."), actor=user, complaint=complaint,
                    note=form.cleaned_data["note"], now=now)
    if action == "assess":
        form = f.AssessForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        return _run(request, complaint, s.complaint_assess, _("Assessment saved."), actor=user, complaint=complaint,
                    now=now, **form.cleaned_data)
    if action in ("stage_reply", "final_reply"):
        form = f.ReplyForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        fn = s.complaint_stage_reply if action == "stage_reply" else s.complaint_final_reply
        return _run(request, complaint, fn, _("Reply sent."), actor=user, complaint=complaint,
                    body=form.cleaned_data["body"], now=now)
    if action == "remedy":
        form = f.RemedyForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        return _run(request, complaint, s.remedy_propose, _("Remedy recorded."), actor=user, complaint=complaint,
                    now=now, **form.cleaned_data)
    if action in ("execute", "withdraw", "resubmit"):
        form = f.ExecuteForm(post) if action == "execute" else f.RemedyRefForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        remedy = get_object_or_404(remedy_scope(user).filter(complaint=complaint), pk=form.cleaned_data["remedy"])
        if action == "execute":
            return _run(request, complaint, s.remedy_execute, _("Execution recorded."), actor=user, remedy=remedy,
                        reference=form.cleaned_data["reference"], now=now)
        if action == "withdraw":
            return _run(request, complaint, s.remedy_withdraw, _("Remedy withdrawn."), actor=user, remedy=remedy,
                        reason=form.cleaned_data["reason"], now=now)
        return _run(request, complaint, s.remedy_resubmit, _("Remedy sent again."), actor=user, remedy=remedy,
                    amount=post.get("amount") or None, now=now)
    if action in ("callback", "give_up"):
        task = complaint.callbacks.filter(status=CallbackStatus.OPEN).first()
        if task is None:
            messages.error(request, _("There is no open callback."))
            return _back(complaint)
        if action == "give_up":
            return _run(request, complaint, s.callback_give_up, _("Closed as unreachable."), actor=user, task=task,
                        now=now)
        form = f.CallbackForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        return _run(request, complaint, s.callback_attempt_record, _("Callback recorded."), actor=user, task=task,
                    now=now, **form.cleaned_data)
    if action == "finding":
        form = f.FindingForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        return _run(request, complaint, record_finding, _("Root cause recorded."), actor=user, complaint=complaint,
                    now=now, **form.finding())
    if action in ("close", "force_close"):
        # The close step: the root cause is required unless the complaint has it already.
        finding_form = f.FindingForm(post, required=finding_of(complaint) is None)
        reason_form = f.ReasonForm(post) if action == "force_close" else None
        for form in (reason_form, finding_form):
            if form is not None and not form.is_valid():
                return _invalid(request, complaint, form)
        kwargs = {"finding": finding_form.finding()}
        if reason_form is not None:
            kwargs["reason"] = reason_form.cleaned_data["reason"]
        kwargs["recourse"] = post.get("recourse", "")  # checked by the service (complaint_recourse_record)
        fn = s.complaint_close if action == "close" else s.complaint_force_close
        return _run(request, complaint, fn, _("Complaint closed."), actor=user, complaint=complaint, now=now,
                    **kwargs)
    if action == "reopen":
        form = f.ReasonForm(post)
        if not form.is_valid():
            return _invalid(request, complaint, form)
        return _run(request, complaint, s.complaint_reopen, _("Done."), actor=user, complaint=complaint,
                    reason=form.cleaned_data["reason"], now=now)
    if action == "incident_link":
        raw = post.get("link", "")
        link = (IncidentLink.objects.filter(complaint=complaint, pk=int(raw)).first()
                if raw.isdigit() and len(raw) < 19 else None)
        if link is None:
            messages.error(request, _("No such suggestion."))
            return _back(complaint)
        from ..services.incidents import incident_link_decide

        return _run(request, complaint, incident_link_decide, _("Linked to the batch incident."), actor=user,
                    link=link, accept=True, now=now)
    if action in ("reissue_link", "revoke_link"):
        fn = s.tracking_link_reissue if action == "reissue_link" else s.tracking_link_revoke
        return _run(request, complaint, fn, _("Tracking link changed."), actor=user, complaint=complaint, now=now)
    from django.http import Http404

    raise Http404


@login_required
@require_POST
def approval_decide(request, pk):
    approval = approval_get(request.user, pk)
    form = f.DecisionForm(request.POST)
    complaint = approval.remedy.complaint
    if not form.is_valid():
        return _invalid(request, complaint, form)
    fn = {"approve": s.approval_approve, "reject": s.approval_reject, "return": s.approval_return}[
        form.cleaned_data["decision"]]
    target = request.POST.get("next") == "approvals"
    try:
        fn(actor=request.user, approval=approval, reason=form.cleaned_data["reason"], now=edge_now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("complaints:approvals") if target else _back(complaint)

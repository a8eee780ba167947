"""The complaint loop: acknowledgement, assessment, stage and final replies,
closing by the close rule, closing with a reason, reopening, re-complaints.

The complaint stage moves first, then the ticket (the transition guard registered in
`ComplaintsConfig.ready()` refuses ticket moves that would run ahead of the loop)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import lock_ticket
from slacenter.workflow import transition_apply
from tickets.models import Comment, Priority, Ticket, TicketStatus
from tickets.services import comment_add, ticket_assign, ticket_transition, ticket_update

from ..models import ApprovalStatus, CallbackStatus, Complaint, ComplaintStage, RemedyStatus, Severity
from ..permissions import can_force_close, can_reopen
from ..workflow import LOOP
from . import events
from .common import notify, require_handler, team_lead
from .outbox import message_queue


def complaint_transition(*, complaint: Complaint, action: str, reason: str = "", now, system: bool = False,
                         changes=None) -> Complaint:
    complaint, _move, _old = transition_apply(instance=complaint, table=LOOP, action=action, reason=reason, now=now,
                                              system=system, changes=changes, status_field="stage")
    return complaint


@transaction.atomic
def complaint_acknowledge(*, actor, complaint: Complaint, note: str = "", now=None) -> Complaint:
    """Acknowledged by hand (e.g. told on the phone)."""
    require_handler(actor)
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)  # lock order: the ticket, then the complaint (slacenter.locking)
    complaint = complaint_transition(complaint=complaint, action="acknowledge", now=now)
    events.record(complaint=complaint, kind=events.ACKNOWLEDGED, actor=actor, at=now, reason=note,
                  data={"how": "manual"})
    return complaint


def complaint_acknowledge_delivered(*, complaint: Complaint, now) -> Complaint:
    """The acknowledgement message went out: the first one acknowledges."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.stage != ComplaintStage.RECEIVED:
        return complaint
    complaint = complaint_transition(complaint=complaint, action="acknowledge", now=now, system=True)
    events.record(complaint=complaint, kind=events.ACKNOWLEDGED, actor=None, at=now, data={"how": "message"})
    return complaint


@transaction.atomic
def complaint_assess(*, actor, complaint: Complaint, severity: str, priority: int | None = None, note: str = "",
                     now=None) -> Complaint:
    """The handler's initial assessment: severity and priority set or confirmed."""
    from .intake import major_alert

    require_handler(actor)
    now = now or timezone.now()
    if severity not in Severity.values:
        raise DomainError(_("Unknown severity %(value)r.") % {"value": severity}, field="severity")
    was_major = complaint.severity == Severity.MAJOR
    lock_ticket(complaint.ticket_id)
    complaint = complaint_transition(complaint=complaint, action="assess", now=now, changes={
        "severity": severity, "assessed_at": now, "assessed_by": actor})
    ticket = complaint.ticket
    if ticket.status == TicketStatus.NEW:
        ticket = complaint.ticket = ticket_transition(ticket=ticket, actor=actor, action="start", now=now)
    wanted = Priority.URGENT if severity == Severity.MAJOR else priority
    if wanted and wanted != ticket.priority:
        complaint.ticket = ticket_update(ticket=ticket, actor=actor, priority=wanted, reason=_("Initial assessment"),
                                         now=now)
    events.record(complaint=complaint, kind=events.ASSESSED, actor=actor, at=now, reason=note,
                  data={"severity": severity, "priority": wanted or ticket.priority})
    if severity == Severity.MAJOR and not was_major:
        major_alert(complaint=complaint, actor=actor, now=now)
    return complaint


def _reply(*, actor, complaint, body, purpose, now):
    body = (body or "").strip()
    if not body:
        raise DomainError(_("The message is empty."), field="body")
    comment = comment_add(ticket=complaint.ticket, actor=actor, body=body, visibility=Comment.Visibility.PUBLIC,
                          now=now)
    message_queue(complaint=complaint, purpose=purpose, body=_message_with_link(complaint, body), now=now,
                  subject=_("Update on your complaint %(number)s") % {"number": complaint.ticket.number})
    return comment


def _message_with_link(complaint, body: str) -> str:
    """What the customer receives: the reply, then their own complaint number and
    tracking link (the reply itself, shown on the tracking page, stays as written)."""
    from .tokens import tracking_url

    url = tracking_url(complaint)
    if not url:
        return body
    return body + "\n\n" + _("Complaint %(number)s, follow it here: %(url)s") % {
        "number": complaint.ticket.number, "url": url}


@transaction.atomic
def complaint_stage_reply(*, actor, complaint: Complaint, body: str, now=None) -> Comment:
    """A stage reply (阶段回复): shown on the tracking page and sent to the customer;
    it meets the periodic update clock."""
    require_handler(actor)
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.stage in (ComplaintStage.ANSWERED, ComplaintStage.CLOSED):
        raise Conflict(_("The final reply is given; reopen the complaint to reply again."), code="illegal_transition")
    comment = _reply(actor=actor, complaint=complaint, body=body, purpose="stage_reply", now=now)
    events.record(complaint=complaint, kind=events.STAGE_REPLY, actor=actor, at=now, data={"comment": comment.pk})
    return comment


def _pick_caller(complaint: Complaint):
    from django.db.models import Count, Q

    from tickets.models.org import Role

    from .common import users_with_role

    handler_id = complaint.ticket.assignee_id
    return (users_with_role(Role.AGENT).exclude(pk=handler_id)
            .annotate(load=Count("complaint_callbacks", filter=Q(complaint_callbacks__status=CallbackStatus.OPEN)))
            .order_by("load", "pk").first())


@transaction.atomic
def complaint_final_reply(*, actor, complaint: Complaint, body: str, caller=None, now=None) -> Complaint:
    """The final reply (最终答复): the decision and the remedies granted. Resolves the
    ticket and opens the callback task, by default for someone other than the handler."""
    from ..models import CallbackTask

    require_handler(actor)
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.stage != ComplaintStage.HANDLING:
        LOOP.check(complaint.stage, "final_reply", system=True, status_display=complaint.get_stage_display())
    remedies = list(complaint.remedies.all())
    if any(r.status == RemedyStatus.PENDING for r in remedies):
        raise Conflict(_("A remedy is still awaiting approval."), code="approval_pending")
    body = (body or "").strip()
    granted = [r for r in remedies if r.status in (RemedyStatus.GRANTED, RemedyStatus.EXECUTED)]
    if granted and body:
        lines = "\n".join(f"· {r}" + (f" ({r.reference})" if r.reference else "") for r in granted)
        body = f"{body}\n\n{_('Remedies:')}\n{lines}"
    ticket = Ticket.objects.get(pk=complaint.ticket_id)  # locked above
    if ticket.status == TicketStatus.WAITING_DEPARTMENT:
        raise Conflict(_("The ticket is still waiting on a department."), code="waiting_department")
    complaint = complaint_transition(complaint=complaint, action="final_reply", now=now, system=True,
                                     changes={"final_reply": body})
    comment = _reply(actor=actor, complaint=complaint, body=body, purpose="final_reply", now=now)
    complaint.ticket = ticket_transition(ticket=ticket, actor=actor, action="resolve", now=now)
    caller = caller or _pick_caller(complaint)
    if caller is not None and caller.pk == complaint.ticket.assignee_id:
        raise DomainError(_("The callback is made by someone other than the handler."), field="caller")
    task = CallbackTask.objects.create(complaint=complaint, assignee=caller, created_at=now, updated_at=now)
    if caller is not None:
        notify(recipients=[caller], key=f"complaint-callback:{task.pk}", ticket=complaint.ticket, now=now,
               urgent=complaint.is_vip,
               subject=_("Callback to make: %(number)s") % {"number": complaint.ticket.number})
    events.record(complaint=complaint, kind=events.FINAL_REPLY, actor=actor, at=now,
                  data={"comment": comment.pk, "callback": task.pk, "caller": caller.pk if caller else None})
    return complaint


def _close_ticket(*, ticket: Ticket, actor, reason: str, now) -> Ticket:
    ticket = Ticket.objects.get(pk=ticket.pk)  # the caller holds the ticket lock
    if ticket.status == TicketStatus.CLOSED:
        return ticket
    if ticket.status == TicketStatus.WAITING_DEPARTMENT:
        raise Conflict(_("The ticket is still waiting on a department."), code="waiting_department")
    if ticket.status != TicketStatus.RESOLVED:
        ticket = ticket_transition(ticket=ticket, actor=actor, action="resolve", now=now, system=actor is None)
    return ticket_transition(ticket=ticket, actor=actor, action="close", reason=reason, now=now,
                             system=actor is None)


def close_rule(complaint: Complaint) -> str | None:
    """Why the loop may close now (a code), or None. The one place the rule lives."""
    task = complaint.callbacks.order_by("-created_at", "-id").first()
    if task is None:
        return None
    if task.status == CallbackStatus.REACHED and task.satisfied:
        return "callback_satisfied"
    if task.status == CallbackStatus.SURVEYED and task.satisfied:
        return "survey_accepted"
    if task.status == CallbackStatus.UNREACHABLE:
        return "unreachable"
    if task.status == CallbackStatus.REACHED and complaint.re_complaints.exists():
        return "re_complaint"
    return None


def finding_missing(complaint: Complaint) -> bool:
    """True when closing needs a root-cause finding the complaint does not have yet
    (the rule of `complaints.guards.root_cause_guard`, checked before anything moves)."""
    from django.conf import settings

    from ..models import ComplaintFinding

    if not getattr(settings, "COMPLAINTS_ROOT_CAUSE_REQUIRED", True):
        return False
    return not ComplaintFinding.objects.filter(complaint_id=complaint.pk).exists()


def _finding_for_close(*, actor, complaint: Complaint, finding: dict | None, now) -> None:
    """Closing records the finding when one is given, and refuses (400) without one."""
    if finding and finding.get("root_cause") is not None:
        from .accountability import finding_record

        finding_record(actor=actor, complaint=complaint, now=now, **finding)
    elif finding_missing(complaint):
        raise DomainError(_("Record the root cause and the responsible department before closing the complaint."),
                          field="root_cause", code="root_cause_missing")


def complaint_close_when_ready(*, actor, complaint: Complaint, now) -> Complaint:
    """After a callback or survey outcome that closes the loop: close now, or, with
    no finding yet, leave the loop answered (its rule met) and ask the handler to
    record the root cause and close — the customer's answer is kept either way."""
    if not finding_missing(complaint):
        return complaint_close(actor=actor, complaint=complaint, now=now)
    ticket = complaint.ticket
    notify(recipients=[ticket.assignee], key=f"complaint-close-finding:{complaint.pk}:{now.isoformat()}",
           ticket=ticket, now=now, urgent=False,
           subject=_("Record the root cause to close %(number)s") % {"number": ticket.number})
    return complaint


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint, finding: dict | None = None, recourse: str = "",
                    now=None) -> Complaint:
    """Close the loop by its rule: callback reached and satisfied, accepted on the
    tracking page, or unreachable after the attempts. Otherwise 409. `finding`
    (root_cause, responsible_department, responsible_person, note) records the root
    cause on the way; without it the complaint must already have one (400). `recourse`:
    the further recourse the customer was told of (e.g. 12315), recorded at the close."""
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    rule = close_rule(complaint)
    if rule is None:
        raise Conflict(_("The loop is not closed: no satisfied callback, accepted survey or unreachable callback."),
                       code="loop_open")
    if complaint.stage != ComplaintStage.CLOSED:  # else the table refuses the move (409)
        _finding_for_close(actor=actor, complaint=complaint, finding=finding, now=now)
    complaint = complaint_transition(complaint=complaint, action="close", now=now, system=True,
                                     changes={"closed_by": actor, "close_reason": ""})
    events.record(complaint=complaint, kind=events.CLOSED, actor=actor, at=now, data={"rule": rule})
    complaint.ticket = _close_ticket(ticket=complaint.ticket, actor=actor, reason="", now=now)
    return _recourse_at_close(actor=actor, complaint=complaint, recourse=recourse, now=now)


def _recourse_at_close(*, actor, complaint: Complaint, recourse: str, now) -> Complaint:
    if not (recourse or "").strip():
        return complaint
    from .conformance import complaint_recourse_record

    ticket = complaint.ticket
    complaint = complaint_recourse_record(actor=actor, complaint=complaint, note=recourse, now=now)
    complaint.ticket = ticket
    return complaint


def _cancel_open_work(complaint: Complaint, now, actor=None) -> None:
    from .approvals import approval_cancel
    from .callbacks import callback_transition

    for task in complaint.callbacks.filter(status=CallbackStatus.OPEN):
        callback_transition(task=task, action="cancel", now=now)
    from ..models import ApprovalRequest

    for approval in ApprovalRequest.objects.filter(remedy__complaint=complaint, status=ApprovalStatus.PENDING):
        approval_cancel(approval=approval, actor=actor, now=now)


@transaction.atomic
def complaint_force_close(*, actor, complaint: Complaint, reason: str, finding: dict | None = None,
                          recourse: str = "", now=None) -> Complaint:
    """The manager closes a loop its rule would not close, with a recorded reason
    (and the root-cause finding, as `complaint_close`)."""
    if not can_force_close(actor):
        raise DomainError(_("Only the service manager can close a complaint without a closed loop."),
                          code="forbidden", status=403)
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)
    if not (reason or "").strip():
        raise DomainError(_("A reason is required."), field="reason")
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.stage != ComplaintStage.CLOSED:
        _finding_for_close(actor=actor, complaint=complaint, finding=finding, now=now)
    complaint = complaint_transition(complaint=complaint, action="force_close", reason=reason, now=now,
                                     changes={"closed_by": actor, "close_reason": (reason or "").strip()})
    _cancel_open_work(complaint, now, actor)
    events.record(complaint=complaint, kind=events.CLOSED, actor=actor, at=now, reason=reason,
                  data={"rule": "manager_reason"})
    complaint.ticket = _close_ticket(ticket=complaint.ticket, actor=actor, reason=reason, now=now)
    return _recourse_at_close(actor=actor, complaint=complaint, recourse=recourse, now=now)


@transaction.atomic
def complaint_reopen(*, actor, complaint: Complaint, reason: str, now=None, system: bool = False) -> Complaint:
    """Back to handling, to a team lead, one priority higher. By a lead or manager, or
    by the callback / survey (`system=True`) when the customer is not satisfied."""
    if not system and not can_reopen(actor):
        raise DomainError(_("Only team leads and managers can reopen a complaint."), code="forbidden", status=403)
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)
    complaint = complaint_transition(complaint=complaint, action="reopen", reason=reason, now=now, system=system)
    Complaint.objects.filter(pk=complaint.pk).update(reopen_count=complaint.reopen_count + 1)
    complaint.reopen_count += 1
    _cancel_open_work(complaint, now, actor)
    ticket = Ticket.objects.get(pk=complaint.ticket_id)  # locked above
    if ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        ticket = ticket_transition(ticket=ticket, actor=actor, action="reopen", reason=reason, now=now, system=True)
    lead = team_lead()
    if lead is not None:
        if ticket.priority < Priority.URGENT:
            ticket = ticket_update(ticket=ticket, actor=lead, priority=ticket.priority + 1, reason=reason, now=now)
        if ticket.assignee_id != lead.pk:
            ticket = ticket_assign(ticket=ticket, actor=lead, assignee=lead, now=now)
    complaint.ticket = ticket
    events.record(complaint=complaint, kind=events.REOPENED, actor=actor, at=now, reason=reason,
                  data={"lead": lead.pk if lead else None, "count": complaint.reopen_count})
    return complaint

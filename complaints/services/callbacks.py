"""The callback (回访) after the final reply: attempts with outcomes; reached → the
survey answers (solved, first-contact, satisfaction 1–5, comment); unreachable after
3 unanswered attempts on at least 2 days. A satisfied customer closes the loop; an
unsatisfied one reopens it to a team lead, or opens a linked re-complaint.

Every real outcome writes a `callback_done` event: only that meets the SLA callback
clock (closing the ticket no longer does)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import lock_ticket
from slacenter.workflow import transition_apply

from ..models import CallbackAttempt, CallbackOutcome, CallbackStatus, CallbackTask, Complaint, ComplaintStage
from ..workflow import CALLBACK
from . import events
from .common import require_handler

UNREACHABLE_ATTEMPTS = 3
UNREACHABLE_DAYS = 2
FOLLOW_UPS = ("reopen", "re_complaint")


def _ticket_id(task: CallbackTask) -> int:
    return CallbackTask.objects.filter(pk=task.pk).values_list("complaint__ticket_id", flat=True).get()


def callback_transition(*, task: CallbackTask, action: str, now, system: bool = True, changes=None) -> CallbackTask:
    task, _move, _old = transition_apply(instance=task, table=CALLBACK, action=action, now=now, system=system,
                                         changes=changes)
    return task


def _answers(solved, first_contact, satisfaction, comment) -> dict:
    if solved is None:
        raise DomainError(_("Say whether the problem was solved."), field="solved")
    try:
        satisfaction = int(satisfaction)
    except (TypeError, ValueError):
        raise DomainError(_("Satisfaction is a number from 1 to 5."), field="satisfaction") from None
    if not 1 <= satisfaction <= 5:
        raise DomainError(_("Satisfaction is a number from 1 to 5."), field="satisfaction")
    return {"solved": bool(solved), "first_contact": None if first_contact is None else bool(first_contact),
            "satisfaction": satisfaction, "comment": (comment or "").strip()[:2000]}


def _after_outcome(*, task: CallbackTask, actor, now, follow_up: str = "reopen", new_issue: str = "") -> None:
    from .loop import complaint_close_when_ready, complaint_reopen

    complaint = task.complaint
    if task.status == CallbackStatus.UNREACHABLE or task.satisfied:
        complaint_close_when_ready(actor=actor, complaint=complaint, now=now)
        return
    reason = _("Customer not satisfied at the callback (%(score)s/5).") % {"score": task.satisfaction}
    if follow_up == "re_complaint":
        from .recomplaints import re_complaint_open

        re_complaint_open(actor=actor, complaint=complaint, description=new_issue or task.comment, now=now)
        return
    complaint_reopen(actor=actor, complaint=complaint, reason=reason, now=now, system=True)


@transaction.atomic
def callback_attempt_record(
    *, actor, task: CallbackTask, outcome: str, note: str = "", solved=None, first_contact=None, satisfaction=None,
    comment: str = "", follow_up: str = "reopen", new_issue: str = "", now=None,
) -> CallbackAttempt:
    """One call. `reached` needs the answers and ends the task; the others are kept
    for the unreachable rule."""
    require_handler(actor)
    now = now or timezone.now()
    if outcome not in CallbackOutcome.values:
        raise DomainError(_("Unknown outcome %(value)r.") % {"value": outcome}, field="outcome")
    if follow_up not in FOLLOW_UPS:
        raise DomainError(_("Unknown follow-up %(value)r.") % {"value": follow_up}, field="follow_up")
    lock_ticket(_ticket_id(task))  # lock order: the ticket, then the callback task (slacenter.locking)
    task = CallbackTask.objects.select_for_update().select_related("complaint__ticket").get(pk=task.pk)
    if task.status != CallbackStatus.OPEN:
        CALLBACK.check(task.status, "reach", system=True, status_display=task.get_status_display())
    if actor.pk == task.complaint.ticket.assignee_id:
        raise DomainError(_("The callback is made by someone other than the handler."), code="forbidden", status=403)
    answers = _answers(solved, first_contact, satisfaction, comment) if outcome == CallbackOutcome.REACHED else None
    attempt = CallbackAttempt.objects.create(task=task, at=now, by=actor, outcome=outcome, note=(note or "")[:300])
    events.record(complaint=task.complaint, kind=events.CALLBACK_ATTEMPT, actor=actor, at=now,
                  data={"callback": task.pk, "outcome": outcome})
    if answers is None:
        return attempt
    task = callback_transition(task=task, action="reach", now=now, changes=answers)
    events.record(complaint=task.complaint, kind=events.CALLBACK_DONE, actor=actor, at=now, data={
        "callback": task.pk, "source": "phone", "outcome": "reached", "solved": task.solved,
        "first_contact": task.first_contact, "satisfaction": task.satisfaction})
    _after_outcome(task=task, actor=actor, now=now, follow_up=follow_up, new_issue=new_issue)
    return attempt


def unreachable_allowed(task: CallbackTask) -> bool:
    unanswered = [a for a in task.attempts.all() if a.outcome != CallbackOutcome.REACHED]
    days = {timezone.localtime(a.at).date() for a in unanswered}
    return len(unanswered) >= UNREACHABLE_ATTEMPTS and len(days) >= UNREACHABLE_DAYS


@transaction.atomic
def callback_give_up(*, actor, task: CallbackTask, now=None) -> CallbackTask:
    """Close the callback as unreachable (and with it the loop)."""
    require_handler(actor)
    now = now or timezone.now()
    lock_ticket(_ticket_id(task))
    task = CallbackTask.objects.select_for_update().get(pk=task.pk)
    if task.status == CallbackStatus.OPEN and not unreachable_allowed(task):
        raise Conflict(_("Unreachable needs %(n)d unanswered attempts on at least %(d)d different days.")
                       % {"n": UNREACHABLE_ATTEMPTS, "d": UNREACHABLE_DAYS}, code="too_few_attempts")
    task = callback_transition(task=task, action="give_up", now=now, system=False)
    events.record(complaint=task.complaint, kind=events.CALLBACK_DONE, actor=actor, at=now,
                  data={"callback": task.pk, "source": "phone", "outcome": "unreachable"})
    _after_outcome(task=task, actor=actor, now=now)
    return task


@transaction.atomic
def survey_answer(*, complaint: Complaint, solved, satisfaction, comment: str = "", now=None) -> CallbackTask:
    """The customer answers the callback survey on the tracking page: once, after the
    final reply, while the callback is open."""
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    task = complaint.callbacks.filter(status=CallbackStatus.OPEN).first()
    if complaint.stage != ComplaintStage.ANSWERED or task is None:
        raise Conflict(_("There is no survey to answer for this complaint now."), code="no_survey")
    answers = _answers(solved, None, satisfaction, comment)
    task = callback_transition(task=task, action="survey", now=now, changes=answers)
    events.record(complaint=complaint, kind=events.CALLBACK_DONE, actor=None, at=now, data={
        "callback": task.pk, "source": "survey", "outcome": "reached", "solved": task.solved,
        "satisfaction": task.satisfaction})
    _after_outcome(task=task, actor=None, now=now)
    return task

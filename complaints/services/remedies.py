"""Remedies on a complaint: proposed, granted at once within the proposer's limit,
otherwise sent up the approval chain; withdrawn, resubmitted after a return;
executed with a reference."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.workflow import transition_apply

from ..models import ApprovalRequest, ApprovalStatus, Complaint, ComplaintStage, Remedy, RemedyKind
from ..permissions import can_reopen
from ..workflow import REMEDY
from . import authority, events
from .common import money, notify, require_handler


def remedy_transition(*, remedy: Remedy, action: str, now, system: bool = True, changes=None) -> Remedy:
    remedy, _move, _old = transition_apply(instance=remedy, table=REMEDY, action=action, now=now, system=system,
                                           changes=changes)
    return remedy


def _check_amount(kind: str, amount):
    if kind in authority.AMOUNT_KINDS:
        amount = money(amount, required=True)
        if amount <= 0:
            raise DomainError(_("An amount is a positive number of yuan with at most two decimals."), field="amount")
        return amount
    if kind == RemedyKind.RETURN:
        return money(amount)
    if amount not in (None, ""):
        raise DomainError(_("This remedy has no amount."), field="amount")
    return None


def grant(*, remedy: Remedy, by, now) -> Remedy:
    remedy = remedy_transition(remedy=remedy, action="grant", now=now, changes={"granted_by": by})
    events.record(complaint=remedy.complaint, kind=events.REMEDY_GRANTED, actor=by, at=now,
                  data={"remedy": remedy.pk, "kind": remedy.kind, "amount": str(remedy.amount or "")})
    return remedy


def request_step(*, remedy: Remedy, requested_by, above_level: int, now, exclude=()) -> ApprovalRequest:
    """Address the next approval step above `above_level` (nobody in `exclude`)."""
    step = authority.next_step(kind=remedy.kind, amount=remedy.amount, above_level=above_level,
                               exclude=(remedy.proposed_by, *exclude))
    if step is None:
        raise DomainError(_("Nobody on the authority chain can grant this remedy."), code="no_approver")
    limit, approver = step
    approval = ApprovalRequest.objects.create(remedy=remedy, level=limit.level, approver=approver,
                                              requested_by=requested_by, requested_at=now, updated_at=now)
    department = getattr(getattr(approver, "profile", None), "department_id", None)
    events.record(complaint=remedy.complaint, kind=events.APPROVAL_REQUESTED, actor=requested_by, at=now,
                  data={"approval": approval.pk, "remedy": remedy.pk, "approver": approver.pk, "level": limit.level,
                        "department": department})
    ticket = remedy.complaint.ticket
    notify(recipients=[approver], key=f"complaint-approval:{approval.pk}", ticket=ticket, now=now,
           urgent=remedy.complaint.is_vip,
           subject=_("Approval needed: %(remedy)s on %(number)s") % {"remedy": remedy, "number": ticket.number})
    return approval


def _route(*, remedy: Remedy, actor, now) -> Remedy:
    levels = authority.chain(remedy.kind)
    own = authority.level_of(actor, levels)
    if authority.covers(own, remedy.amount):
        return grant(remedy=remedy, by=actor, now=now)
    remedy = remedy_transition(remedy=remedy, action="request_approval", now=now)
    request_step(remedy=remedy, requested_by=actor, above_level=own.level if own else 0, now=now)
    return remedy


def _open_complaint(complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.stage in (ComplaintStage.ANSWERED, ComplaintStage.CLOSED):
        raise Conflict(_("The final reply is given; reopen the complaint to change remedies."),
                       code="illegal_transition")
    return complaint


@transaction.atomic
def remedy_propose(*, actor, complaint: Complaint, kind: str, amount=None, description: str = "",
                   now=None) -> Remedy:
    require_handler(actor)
    now = now or timezone.now()
    if kind not in RemedyKind.values:
        raise DomainError(_("Unknown remedy kind %(value)r.") % {"value": kind}, field="kind")
    amount = _check_amount(kind, amount)
    complaint = _open_complaint(complaint)
    remedy = Remedy.objects.create(complaint=complaint, kind=kind, amount=amount,
                                   description=(description or "")[:2000], proposed_by=actor, proposed_at=now,
                                   updated_at=now)
    events.record(complaint=complaint, kind=events.REMEDY_PROPOSED, actor=actor, at=now,
                  data={"remedy": remedy.pk, "kind": kind, "amount": str(amount or "")})
    return _route(remedy=remedy, actor=actor, now=now)


@transaction.atomic
def remedy_resubmit(*, actor, remedy: Remedy, amount=None, description: str | None = None, now=None) -> Remedy:
    """After a return for changes, the proposer changes and sends it again."""
    now = now or timezone.now()
    if actor is None or remedy.proposed_by_id != actor.pk:
        raise DomainError(_("Only the proposer can resubmit a remedy."), code="forbidden", status=403)
    _open_complaint(remedy.complaint)
    changes = {"amount": _check_amount(remedy.kind, amount)}
    if description is not None:
        changes["description"] = description[:2000]
    remedy = remedy_transition(remedy=remedy, action="request_approval", now=now, changes=changes)
    events.record(complaint=remedy.complaint, kind=events.REMEDY_CHANGED, actor=actor, at=now,
                  data={"remedy": remedy.pk, "amount": str(remedy.amount or ""), "action": "resubmit"})
    levels = authority.chain(remedy.kind)
    own = authority.level_of(actor, levels)
    if authority.covers(own, remedy.amount):
        return grant(remedy=remedy, by=actor, now=now)
    request_step(remedy=remedy, requested_by=actor, above_level=own.level if own else 0, now=now)
    return remedy


@transaction.atomic
def remedy_withdraw(*, actor, remedy: Remedy, reason: str = "", now=None) -> Remedy:
    from .approvals import approval_cancel

    now = now or timezone.now()
    if actor is None or (remedy.proposed_by_id != actor.pk and not can_reopen(actor)):
        raise DomainError(_("Only the proposer or a team lead can withdraw a remedy."), code="forbidden", status=403)
    remedy = remedy_transition(remedy=remedy, action="withdraw", now=now, system=False)
    for approval in remedy.approvals.filter(status=ApprovalStatus.PENDING):
        approval_cancel(approval=approval, actor=actor, now=now)
    events.record(complaint=remedy.complaint, kind=events.REMEDY_CHANGED, actor=actor, at=now, reason=reason,
                  data={"remedy": remedy.pk, "action": "withdraw"})
    return remedy


@transaction.atomic
def remedy_execute(*, actor, remedy: Remedy, reference: str = "", now=None) -> Remedy:
    """Record that a granted remedy was carried out (who, when, e.g. the refund number)."""
    require_handler(actor)
    now = now or timezone.now()
    reference = (reference or "").strip()[:100]
    if remedy.kind in (RemedyKind.REFUND, RemedyKind.COMPENSATION) and not reference:
        raise DomainError(_("A refund or compensation needs its reference (e.g. the refund number)."),
                          field="reference")
    remedy = remedy_transition(remedy=remedy, action="execute", now=now, system=False,
                               changes={"executed_by": actor, "reference": reference})
    events.record(complaint=remedy.complaint, kind=events.REMEDY_EXECUTED, actor=actor, at=now,
                  data={"remedy": remedy.pk, "reference": reference, "amount": str(remedy.amount or "")})
    return remedy

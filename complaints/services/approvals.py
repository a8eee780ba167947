"""Deciding one approval step: approve (granted when the approver's own limit covers
the amount, otherwise on up the chain), reject with a reason, return for changes.
Nobody decides their own request; only the addressed approver decides."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from slacenter.workflow import transition_apply

from ..models import ApprovalRequest
from ..workflow import APPROVAL
from . import authority, events
from .remedies import grant, remedy_transition, request_step


def approval_transition(*, approval: ApprovalRequest, action: str, reason: str = "", now, system: bool = False,
                        changes=None) -> ApprovalRequest:
    approval, _move, _old = transition_apply(instance=approval, table=APPROVAL, action=action, reason=reason,
                                             now=now, system=system, changes=changes)
    return approval


def _check_decider(actor, approval: ApprovalRequest) -> None:
    if actor is None or actor.pk == approval.remedy.proposed_by_id or actor.pk == approval.requested_by_id:
        raise DomainError(_("Nobody approves their own request."), code="self_approval", status=403)
    if actor.pk != approval.approver_id:
        raise DomainError(_("This approval is addressed to someone else."), code="forbidden", status=403)


def _decided(approval, actor, now, decision, reason=""):
    department = getattr(getattr(actor, "profile", None), "department_id", None)
    events.record(complaint=approval.remedy.complaint, kind=events.APPROVAL_DECIDED, actor=actor, at=now,
                  reason=reason, data={"approval": approval.pk, "remedy": approval.remedy_id, "decision": decision,
                                       "level": approval.level, "department": department})


@transaction.atomic
def approval_approve(*, actor, approval: ApprovalRequest, reason: str = "", now=None) -> ApprovalRequest:
    now = now or timezone.now()
    _check_decider(actor, approval)
    approval = approval_transition(approval=approval, action="approve", reason=reason, now=now,
                                   changes={"reason": (reason or "").strip()})
    _decided(approval, actor, now, "approved", reason)
    remedy = approval.remedy
    levels = authority.chain(remedy.kind)
    mine = next((limit for limit in levels if limit.level == approval.level), None)
    if authority.covers(mine, remedy.amount):
        grant(remedy=remedy, by=actor, now=now)
    else:
        earlier = [a.approver for a in remedy.approvals.select_related("approver")]
        request_step(remedy=remedy, requested_by=actor, above_level=approval.level, now=now, exclude=earlier)
    return approval


@transaction.atomic
def approval_reject(*, actor, approval: ApprovalRequest, reason: str, now=None) -> ApprovalRequest:
    now = now or timezone.now()
    _check_decider(actor, approval)
    approval = approval_transition(approval=approval, action="reject", reason=reason, now=now,
                                   changes={"reason": (reason or "").strip()})
    remedy_transition(remedy=approval.remedy, action="reject", now=now)
    _decided(approval, actor, now, "rejected", reason)
    return approval


@transaction.atomic
def approval_return(*, actor, approval: ApprovalRequest, reason: str, now=None) -> ApprovalRequest:
    now = now or timezone.now()
    _check_decider(actor, approval)
    approval = approval_transition(approval=approval, action="return", reason=reason, now=now,
                                   changes={"reason": (reason or "").strip()})
    remedy_transition(remedy=approval.remedy, action="return", now=now)
    _decided(approval, actor, now, "returned", reason)
    return approval


def approval_cancel(*, approval: ApprovalRequest, actor, now) -> ApprovalRequest:
    """A pending step made moot (remedy withdrawn, loop closed or reopened)."""
    approval = approval_transition(approval=approval, action="cancel", now=now, system=True)
    _decided(approval, actor, now, "cancelled")
    return approval

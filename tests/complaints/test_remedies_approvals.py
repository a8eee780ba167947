from decimal import Decimal

import pytest

from complaints.models import ApprovalStatus, RemedyStatus
from complaints.services import (
    approval_approve,
    approval_reject,
    approval_return,
    remedy_execute,
    remedy_propose,
    remedy_resubmit,
    remedy_withdraw,
)
from slacenter.errors import Conflict, DomainError
from tickets.selectors import ticket_scope

from .conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(make_complaint, chain):
    return make_complaint()


def test_within_the_agents_limit_is_granted_at_once(complaint, agent):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="100", now=T0)
    assert remedy.status == RemedyStatus.GRANTED and remedy.granted_by == agent
    assert not remedy.approvals.exists()


def test_one_level_up_the_lead_grants(complaint, agent, lead):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    assert remedy.status == RemedyStatus.PENDING
    step = remedy.approvals.get()
    assert step.approver == lead and step.level == 2
    approval_approve(actor=lead, approval=step, now=T0)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.GRANTED and remedy.granted_by == lead


def test_two_levels_up_lead_then_manager(complaint, agent, lead, manager):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="800", now=T0)
    first = remedy.approvals.get()
    assert first.approver == lead
    approval_approve(actor=lead, approval=first, now=T0)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.PENDING
    second = remedy.approvals.get(status=ApprovalStatus.PENDING)
    assert second.approver == manager and second.level == 3 and second.requested_by == lead
    approval_approve(actor=manager, approval=second, now=T0)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.GRANTED and remedy.granted_by == manager
    kinds = list(complaint.ticket.events.filter(kind__startswith="complaint.approval").values_list("kind", flat=True))
    assert kinds == ["complaint.approval_requested", "complaint.approval_decided"] * 2


def test_above_the_manager_goes_to_the_finance_head_who_then_sees_the_ticket(complaint, agent, lead, manager,
                                                                            finance_head):
    remedy = remedy_propose(actor=manager, complaint=complaint, kind="refund", amount="5000", now=T0)
    step = remedy.approvals.get()
    assert step.approver == finance_head
    assert ticket_scope(finance_head).filter(pk=complaint.ticket_id).exists()
    approval_approve(actor=finance_head, approval=step, now=T0)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.GRANTED


def test_nobody_approves_their_own_request(complaint, agent, lead, manager):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    step = remedy.approvals.get()
    with pytest.raises(DomainError) as exc:
        approval_approve(actor=agent, approval=step, now=T0)
    assert exc.value.code == "self_approval"
    with pytest.raises(DomainError) as exc:
        approval_approve(actor=manager, approval=step, now=T0)  # not addressed to the manager
    assert exc.value.status == 403
    step.refresh_from_db()
    assert step.status == ApprovalStatus.PENDING


def test_a_lead_proposing_above_their_limit_never_lands_on_themselves(complaint, lead, manager):
    remedy = remedy_propose(actor=lead, complaint=complaint, kind="compensation", amount="800", now=T0)
    assert remedy.approvals.get().approver == manager


def test_reject_needs_a_reason_and_ends_the_remedy(complaint, agent, lead):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="gift", amount="200", now=T0)
    step = remedy.approvals.get()
    with pytest.raises(DomainError):
        approval_reject(actor=lead, approval=step, reason="", now=T0)
    approval_reject(actor=lead, approval=step, reason="超出政策", now=T0)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.REJECTED
    with pytest.raises(Conflict):
        approval_approve(actor=lead, approval=step, now=T0)


def test_return_for_changes_then_resubmit_within_limit(complaint, agent, lead):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    approval_return(actor=lead, approval=remedy.approvals.get(), reason="金额太高", now=T0)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.RETURNED
    with pytest.raises(DomainError):
        remedy_resubmit(actor=lead, remedy=remedy, amount="80", now=T0)  # only the proposer
    remedy = remedy_resubmit(actor=agent, remedy=remedy, amount="80", now=T0)
    assert remedy.status == RemedyStatus.GRANTED and remedy.amount == Decimal("80")


def test_withdraw_cancels_the_pending_step(complaint, agent, lead):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    remedy = remedy_withdraw(actor=agent, remedy=remedy, now=T0)
    assert remedy.status == RemedyStatus.WITHDRAWN
    assert remedy.approvals.get().status == ApprovalStatus.CANCELLED
    with pytest.raises(Conflict):
        remedy_withdraw(actor=agent, remedy=remedy, now=T0)


def test_execute_a_granted_remedy_with_its_reference(complaint, agent):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="refund", amount="50", now=T0)
    with pytest.raises(DomainError):
        remedy_execute(actor=agent, remedy=remedy, reference="", now=T0)
    remedy = remedy_execute(actor=agent, remedy=remedy, reference="RF20261124001", now=T0)
    assert remedy.status == RemedyStatus.EXECUTED and remedy.executed_by == agent
    with pytest.raises(Conflict):
        remedy_execute(actor=agent, remedy=remedy, reference="again", now=T0)


def test_pending_remedies_cannot_be_executed(complaint, agent, lead):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    with pytest.raises(Conflict):
        remedy_execute(actor=agent, remedy=remedy, reference="X", now=T0)


@pytest.mark.parametrize("kind,amount", [("compensation", None), ("compensation", "0"), ("apology", "10"),
                                         ("compensation", "12.345"), ("teleport", "1")])
def test_remedy_input_is_checked(complaint, agent, kind, amount):
    with pytest.raises(DomainError):
        remedy_propose(actor=agent, complaint=complaint, kind=kind, amount=amount, now=T0)


def test_apology_needs_no_amount_and_is_within_the_agents_authority(complaint, agent):
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="apology", description="书面致歉", now=T0)
    assert remedy.status == RemedyStatus.GRANTED


def test_the_approver_is_notified(complaint, agent, lead):
    from tickets.models import Notification

    remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    notice = Notification.objects.get(recipient=lead, key__startswith="complaint-approval:")
    assert complaint.ticket.number in notice.subject

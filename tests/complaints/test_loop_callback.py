from datetime import timedelta

import pytest

from complaints.models import CallbackStatus, ComplaintStage
from complaints.services import (
    callback_attempt_record,
    callback_give_up,
    complaint_assess,
    complaint_close,
    complaint_final_reply,
    complaint_force_close,
    complaint_reopen,
    complaint_stage_reply,
    remedy_propose,
    survey_answer,
)
from slacenter.errors import Conflict, DomainError
from tests.factories import record_finding
from tickets.models import Priority, TicketStatus
from tickets.services import ticket_transition

from .conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def handling(make_complaint, agent, chain):
    complaint = make_complaint()
    from tickets.services import ticket_assign

    ticket_assign(ticket=complaint.ticket, actor=agent, assignee=agent, now=T0)
    return complaint_assess(actor=agent, complaint=complaint, severity="general", now=T0)


@pytest.fixture
def answered(handling, agent, other_agent, lead):
    record_finding(handling, actor=agent, now=T0 + timedelta(hours=1))  # a complaint closes with its root cause
    return complaint_final_reply(actor=agent, complaint=handling, body="已为您补发", caller=other_agent,
                                 now=T0 + timedelta(hours=2))


def test_final_reply_resolves_the_ticket_and_opens_the_callback_for_someone_else(answered, agent, other_agent):
    assert answered.stage == ComplaintStage.ANSWERED
    assert answered.ticket.status == TicketStatus.RESOLVED
    task = answered.callbacks.get()
    assert task.status == CallbackStatus.OPEN and task.assignee == other_agent


def test_default_caller_is_not_the_handler(handling, agent, other_agent):
    complaint = complaint_final_reply(actor=agent, complaint=handling, body="答复", now=T0)
    assert complaint.callbacks.get().assignee == other_agent


def test_final_reply_waits_for_pending_approvals(handling, agent, lead):
    remedy_propose(actor=agent, complaint=handling, kind="compensation", amount="300", now=T0)
    with pytest.raises(Conflict) as exc:
        complaint_final_reply(actor=agent, complaint=handling, body="答复", now=T0)
    assert exc.value.code == "approval_pending"


def test_final_reply_lists_the_granted_remedies(handling, agent, other_agent):
    remedy_propose(actor=agent, complaint=handling, kind="compensation", amount="50", now=T0)
    complaint = complaint_final_reply(actor=agent, complaint=handling, body="决定赔偿", caller=other_agent, now=T0)
    assert "50" in complaint.final_reply


def test_the_ticket_cannot_run_ahead_of_the_loop(handling, agent, lead):
    with pytest.raises(DomainError) as exc:
        ticket_transition(ticket=handling.ticket, actor=agent, action="resolve", now=T0)
    assert exc.value.status == 409


def test_closing_the_ticket_before_the_loop_is_refused(answered, lead):
    with pytest.raises(DomainError) as exc:
        ticket_transition(ticket=answered.ticket, actor=lead, action="close", now=T0)
    assert exc.value.status == 409
    with pytest.raises(Conflict) as exc:
        complaint_close(actor=lead, complaint=answered, now=T0)
    assert exc.value.code == "loop_open"


def test_the_handler_cannot_make_the_callback(answered, agent):
    with pytest.raises(DomainError) as exc:
        callback_attempt_record(actor=agent, task=answered.callbacks.get(), outcome="no_answer", now=T0)
    assert exc.value.status == 403


def test_satisfied_callback_closes_loop_and_ticket_and_meets_the_callback(answered, other_agent):
    task = answered.callbacks.get()
    callback_attempt_record(actor=other_agent, task=task, outcome="reached", solved=True, first_contact=True,
                            satisfaction=5, comment="很好", now=T0 + timedelta(days=1))
    answered.refresh_from_db()
    task.refresh_from_db()
    assert task.status == CallbackStatus.REACHED and task.satisfied
    assert answered.stage == ComplaintStage.CLOSED and answered.ticket.status == TicketStatus.CLOSED
    assert answered.ticket.events.filter(kind="complaint.callback_done").count() == 1


def test_reached_needs_the_answers(answered, other_agent):
    with pytest.raises(DomainError):
        callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", solved=True,
                                satisfaction=9, now=T0)
    with pytest.raises(DomainError):
        callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", now=T0)


def test_dissatisfied_callback_reopens_to_the_lead_one_priority_higher(answered, other_agent, lead):
    priority = answered.ticket.priority
    callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", solved=False,
                            satisfaction=2, comment="还没到货", now=T0 + timedelta(days=1))
    answered.refresh_from_db()
    ticket = answered.ticket
    assert answered.stage == ComplaintStage.HANDLING and answered.reopen_count == 1
    assert ticket.status == TicketStatus.IN_PROGRESS and ticket.assignee == lead
    assert ticket.priority == min(priority + 1, Priority.URGENT)


def test_dissatisfied_with_a_new_issue_opens_a_linked_re_complaint(answered, other_agent):
    callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", solved=True,
                            satisfaction=2, follow_up="re_complaint", new_issue="补发的又坏了",
                            now=T0 + timedelta(days=1))
    answered.refresh_from_db()
    new = answered.re_complaints.get()
    assert new.ticket.kind == "complaint" and new.stage == ComplaintStage.RECEIVED
    assert answered.stage == ComplaintStage.CLOSED


def test_unreachable_needs_three_unanswered_attempts_on_two_days(answered, other_agent):
    task = answered.callbacks.get()
    day1 = T0 + timedelta(days=1)
    for minutes in (0, 60):
        callback_attempt_record(actor=other_agent, task=task, outcome="no_answer",
                                now=day1 + timedelta(minutes=minutes))
    with pytest.raises(Conflict):
        callback_give_up(actor=other_agent, task=task, now=day1 + timedelta(hours=2))
    callback_attempt_record(actor=other_agent, task=task, outcome="busy", now=day1 + timedelta(hours=3))
    with pytest.raises(Conflict):  # three attempts, but all on one day
        callback_give_up(actor=other_agent, task=task, now=day1 + timedelta(hours=4))
    callback_attempt_record(actor=other_agent, task=task, outcome="no_answer", now=day1 + timedelta(days=1))
    callback_give_up(actor=other_agent, task=task, now=day1 + timedelta(days=1, minutes=5))
    answered.refresh_from_db()
    task.refresh_from_db()
    assert task.status == CallbackStatus.UNREACHABLE
    assert answered.stage == ComplaintStage.CLOSED and answered.ticket.status == TicketStatus.CLOSED


def test_survey_on_the_tracking_page_once(answered):
    survey_answer(complaint=answered, solved=True, satisfaction=4, comment="满意", now=T0 + timedelta(days=1))
    answered.refresh_from_db()
    assert answered.stage == ComplaintStage.CLOSED
    assert answered.callbacks.get().status == CallbackStatus.SURVEYED
    with pytest.raises(Conflict):
        survey_answer(complaint=answered, solved=True, satisfaction=5, now=T0 + timedelta(days=2))


def test_unsatisfied_survey_reopens(answered, lead):
    survey_answer(complaint=answered, solved=False, satisfaction=1, now=T0 + timedelta(days=1))
    answered.refresh_from_db()
    assert answered.stage == ComplaintStage.HANDLING and answered.ticket.assignee == lead


def test_no_survey_before_the_final_reply(handling):
    with pytest.raises(Conflict):
        survey_answer(complaint=handling, solved=True, satisfaction=5, now=T0)


def test_manager_closes_with_a_reason_only(handling, lead, manager):
    with pytest.raises(DomainError) as exc:
        complaint_force_close(actor=lead, complaint=handling, reason="客户撤诉", now=T0)
    assert exc.value.status == 403
    with pytest.raises(DomainError):
        complaint_force_close(actor=manager, complaint=handling, reason=" ", now=T0)
    record_finding(handling, actor=manager, now=T0)
    complaint = complaint_force_close(actor=manager, complaint=handling, reason="客户撤诉", now=T0)
    assert complaint.stage == ComplaintStage.CLOSED and complaint.close_reason == "客户撤诉"
    assert complaint.ticket.status == TicketStatus.CLOSED


def test_reopen_by_lead_needs_reason_and_role(answered, agent, lead):
    with pytest.raises(DomainError):
        complaint_reopen(actor=agent, complaint=answered, reason="x", now=T0)
    with pytest.raises(DomainError):
        complaint_reopen(actor=lead, complaint=answered, reason="", now=T0)
    complaint = complaint_reopen(actor=lead, complaint=answered, reason="客户来电", now=T0)
    assert complaint.stage == ComplaintStage.HANDLING
    assert complaint.callbacks.get().status == CallbackStatus.CANCELLED


def test_stage_reply_only_while_open(handling, answered, agent):
    with pytest.raises(Conflict):
        complaint_stage_reply(actor=agent, complaint=answered, body="进展", now=T0)


def test_callback_figures_for_the_reports(answered, other_agent):
    from complaints.selectors import callback_figures_between

    callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", solved=True,
                            first_contact=True, satisfaction=5, now=T0 + timedelta(days=1))
    figures = callback_figures_between(T0, T0 + timedelta(days=2))
    assert figures == {"answered": 1, "first_contact": 1, "first_contact_known": 1, "satisfied": 1, "unreachable": 0,
                       "major_complaints": 0}
    assert callback_figures_between(T0 + timedelta(days=2), T0 + timedelta(days=3))["answered"] == 0

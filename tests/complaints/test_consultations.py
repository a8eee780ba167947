"""Joint consultation: invited departments see the ticket only while it is open;
findings from the invited department only; the lead concludes; every step an event."""

from datetime import timedelta

import pytest

from complaints.services.consultations import consultation_answer, consultation_conclude, consultation_convene
from complaints.services.events import CONSULTATION_ANSWERED, CONSULTATION_CONCLUDED, CONSULTATION_CONVENED
from slacenter.errors import Conflict, DomainError
from tickets.models import TicketEvent
from tickets.selectors import ticket_scope
from tickets.services import ticket_assign

from .conftest import T0


@pytest.fixture
def hard(make_complaint, agent, lead):
    ticket = make_complaint().ticket
    ticket_assign(ticket=ticket, actor=lead, assignee=agent, now=T0)
    ticket.refresh_from_db()
    return ticket


def test_scope_opens_and_closes(hard, agent, lead, logistics, merchandise, logistics_staff, merchandise_staff):
    assert not ticket_scope(merchandise_staff).filter(pk=hard.pk).exists()
    consultation = consultation_convene(actor=agent, ticket=hard, departments=[logistics, merchandise],
                                        question="为何重复延误？", deadline=T0 + timedelta(days=2), now=T0)
    assert ticket_scope(merchandise_staff).filter(pk=hard.pk).exists()
    invite = consultation.invites.get(department=merchandise)
    with pytest.raises(DomainError):
        consultation_answer(actor=logistics_staff, invite=invite, findings="不是我们", now=T0)
    consultation_answer(actor=merchandise_staff, invite=invite, findings="商品包装缺陷", now=T0 + timedelta(hours=3))
    with pytest.raises(DomainError):
        consultation_conclude(actor=agent, consultation=consultation, owning_department=merchandise, cause="c",
                              action_plan="p", now=T0)
    with pytest.raises(DomainError):
        consultation_conclude(actor=lead, consultation=consultation, owning_department=merchandise, cause="",
                              action_plan="p", now=T0)
    consultation_conclude(actor=lead, consultation=consultation, owning_department=merchandise, cause="包装缺陷",
                          action_plan="更换包装供应商", now=T0 + timedelta(days=1))
    assert not ticket_scope(merchandise_staff).filter(pk=hard.pk).exists()
    with pytest.raises(Conflict):
        consultation_answer(actor=merchandise_staff, invite=invite, findings="补充", now=T0 + timedelta(days=1))
    kinds = list(TicketEvent.objects.filter(ticket=hard, kind__startswith="complaint.consultation")
                 .values_list("kind", flat=True))
    assert kinds == [CONSULTATION_CONVENED, CONSULTATION_ANSWERED, CONSULTATION_CONCLUDED]


def test_convene_validates(hard, agent, other_agent, center, logistics):
    with pytest.raises(DomainError) as refused:  # an agent who does not handle the complaint
        consultation_convene(actor=other_agent, ticket=hard, departments=[logistics], question="q",
                             deadline=T0 + timedelta(1), now=T0)
    assert refused.value.status == 403
    with pytest.raises(DomainError):  # the service center is not a department to consult
        consultation_convene(actor=agent, ticket=hard, departments=[center], question="q",
                             deadline=T0 + timedelta(1), now=T0)
    with pytest.raises(DomainError):
        consultation_convene(actor=agent, ticket=hard, departments=[], question="q", deadline=T0 + timedelta(1),
                             now=T0)
    with pytest.raises(DomainError):
        consultation_convene(actor=agent, ticket=hard, departments=[logistics], question="q", deadline=T0, now=T0)
    with pytest.raises(DomainError):
        consultation_convene(actor=agent, ticket=hard, departments=[logistics], question=" ",
                             deadline=T0 + timedelta(1), now=T0)


def test_conclude_twice_is_a_conflict(hard, lead, logistics):
    consultation = consultation_convene(actor=lead, ticket=hard, departments=[logistics], question="原因？",
                                        deadline=T0 + timedelta(days=1), now=T0)
    consultation_conclude(actor=lead, consultation=consultation, owning_department=logistics, cause="承运商",
                          action_plan="更换", now=T0 + timedelta(hours=1))
    with pytest.raises(Conflict):
        consultation_conclude(actor=lead, consultation=consultation, owning_department=logistics, cause="承运商",
                              action_plan="更换", now=T0 + timedelta(hours=2))

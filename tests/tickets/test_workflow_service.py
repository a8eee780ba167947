"""The transition service against the whole table: every legal move is accepted and
logged, every illegal one is refused with the allowed moves and changes nothing."""

import pytest

from slacenter.errors import Conflict, DomainError
from tickets.models import Ticket, TicketEvent, TicketStatus
from tickets.services import ticket_create, ticket_transition, transfer_answer, transfer_create
from tickets.workflow import TICKET_WORKFLOW

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(TicketStatus.values)


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="包裹未送达", channel="hotline", category=category)


def _force_status(ticket, status):
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    ticket.refresh_from_db()


def test_create_writes_number_and_created_event(ticket):
    assert ticket.number.startswith("T") and ticket.number.endswith("-000001")
    event = ticket.events.get()
    assert event.kind == TicketEvent.Kind.CREATED
    assert event.data["tier"] == "standard"


@pytest.mark.parametrize("move", [t for t in TICKET_WORKFLOW.transitions if t.manual], ids=lambda t: t.action)
@pytest.mark.parametrize("source", ALL_STATUSES)
def test_every_manual_move_from_every_status(ticket, agent, move, source):
    _force_status(ticket, source)
    before = ticket.events.count()
    if source in move.sources:
        ticket = ticket_transition(ticket=ticket, actor=agent, action=move.action, reason="因为")
        assert ticket.status == move.target
        event = ticket.events.latest("id")
        assert (event.kind, event.old_value, event.new_value) == (TicketEvent.Kind.STATUS_CHANGED, source, move.target)
        assert event.reason == "因为"
    else:
        with pytest.raises(Conflict) as exc:
            ticket_transition(ticket=ticket, actor=agent, action=move.action, reason="因为")
        assert exc.value.extra["allowed"] == [t.action for t in TICKET_WORKFLOW.allowed(source)]
        ticket.refresh_from_db()
        assert ticket.status == source
        assert ticket.events.count() == before


def test_system_moves_refused_from_outside(ticket, agent):
    with pytest.raises(Conflict):
        ticket_transition(ticket=ticket, actor=agent, action="await_department")


def test_reason_required_for_reopen(ticket, agent):
    ticket_transition(ticket=ticket, actor=agent, action="resolve")
    with pytest.raises(DomainError):
        ticket_transition(ticket=ticket, actor=agent, action="reopen", reason="  ")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED and ticket.resolved_at is not None


def test_reopen_clears_resolution(ticket, agent):
    ticket_transition(ticket=ticket, actor=agent, action="resolve")
    ticket_transition(ticket=ticket, actor=agent, action="close")
    ticket = ticket_transition(ticket=ticket, actor=agent, action="reopen", reason="客户不满意")
    assert ticket.status == TicketStatus.IN_PROGRESS
    assert ticket.resolved_at is None and ticket.closed_at is None


def test_transfer_round_trip_moves_status(ticket, agent, logistics, logistics_staff):
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="包裹在哪？")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING_DEPARTMENT
    transfer_answer(transfer=transfer, actor=logistics_staff, answer="明天送达")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == ["created", "transferred", "status_changed", "transfer_replied", "status_changed"]


def test_other_department_cannot_answer(ticket, agent, logistics, merchandise_staff):
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="包裹在哪？")
    with pytest.raises(DomainError):
        transfer_answer(transfer=transfer, actor=merchandise_staff, answer="不是我们")
    transfer.refresh_from_db()
    assert transfer.status == "open"

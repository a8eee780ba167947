"""The shared state-machine machinery (`slacenter.workflow`), on the ticket model: the
table's look-ups, and `transition_apply`'s lock, refusals, stamps and clears."""

import pytest

from slacenter.errors import Conflict, DomainError
from slacenter.workflow import Transition, TransitionTable, transition_apply
from tickets.models import Ticket
from tickets.models import TicketStatus as S
from tickets.services import ticket_create

TABLE = TransitionTable(
    (
        Transition("start", {S.NEW}, S.IN_PROGRESS, "Start"),
        Transition("finish", {S.IN_PROGRESS}, S.RESOLVED, "Finish", reason_required=True),
        Transition("auto", {S.NEW, S.IN_PROGRESS}, S.WAITING_DEPARTMENT, "Auto", manual=False),
        Transition("again", {S.RESOLVED}, S.IN_PROGRESS, "Again"),
    ),
    stamp_on_enter={S.RESOLVED: "resolved_at"},
    clear_on={"again": ("resolved_at",)},
)


def test_table_lookups():
    assert TABLE.get("start").target == S.IN_PROGRESS and TABLE.get("nope") is None
    assert [t.action for t in TABLE.allowed(S.NEW)] == ["start"]
    assert [t.action for t in TABLE.allowed(S.NEW, manual_only=False)] == ["start", "auto"]
    assert TABLE.statuses() == {S.NEW, S.IN_PROGRESS, S.RESOLVED, S.WAITING_DEPARTMENT}
    assert isinstance(TABLE.get("start").sources, frozenset)


def test_duplicate_actions_are_refused():
    with pytest.raises(ValueError):
        TransitionTable((Transition("a", {"x"}, "y", "A"), Transition("a", {"y"}, "x", "A")))


@pytest.mark.parametrize(
    ("status", "action", "system"),
    [(S.NEW, "finish", False), (S.NEW, "unknown", True), (S.NEW, "auto", False), (S.CLOSED, "start", True)],
)
def test_check_refuses_with_the_allowed_moves(status, action, system):
    with pytest.raises(Conflict) as exc:
        TABLE.check(status, action, system=system)
    assert exc.value.code == "illegal_transition"
    assert exc.value.extra["allowed"] == [t.action for t in TABLE.allowed(status)]


@pytest.mark.django_db
def test_apply_moves_stamps_clears_and_refuses(agent, customer, category):
    ticket = ticket_create(actor=agent, customer=customer, title="x", channel="hotline", category=category)
    now = ticket.created_at
    ticket, move, old = transition_apply(instance=ticket, table=TABLE, action="start", now=now)
    assert (ticket.status, move.action, old) == (S.IN_PROGRESS, "start", S.NEW)
    with pytest.raises(DomainError):
        transition_apply(instance=ticket, table=TABLE, action="finish", reason="  ", now=now)
    assert Ticket.objects.get(pk=ticket.pk).status == S.IN_PROGRESS
    ticket, _, _ = transition_apply(instance=ticket, table=TABLE, action="finish", reason="done", now=now)
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.status == S.RESOLVED and stored.resolved_at == now and stored.updated_at == now
    ticket, _, _ = transition_apply(instance=ticket, table=TABLE, action="again", now=now)
    assert Ticket.objects.get(pk=ticket.pk).resolved_at is None


@pytest.mark.django_db
def test_before_hook_runs_under_the_lock_and_can_refuse(agent, customer, category):
    ticket = ticket_create(actor=agent, customer=customer, title="x", channel="hotline", category=category)
    seen = []

    def refuse(locked, move):
        seen.append((locked.status, move.action))
        raise Conflict("no", code="refused")

    with pytest.raises(Conflict):
        transition_apply(instance=ticket, table=TABLE, action="start", now=ticket.created_at, before=refuse)
    assert seen == [(S.NEW, "start")] and Ticket.objects.get(pk=ticket.pk).status == S.NEW

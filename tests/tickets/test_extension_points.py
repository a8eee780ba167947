"""The ways upper apps join `tickets` without tickets importing them: registered event
kinds and the public event service, transition guards, coalesced hook delivery and
scope extensions (`tickets.hooks`, `tickets.events`)."""

import pytest
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from rest_framework.test import APIClient

from slacenter.errors import Conflict, DomainError
from tickets import events, hooks
from tickets.models import TicketEvent, TicketStatus
from tickets.selectors import ticket_scope
from tickets.services import ticket_create, ticket_event_record, ticket_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="包裹未送达", channel="hotline", category=category)


@pytest.fixture
def heard():
    """A subscriber that records what it hears, removed after the test."""
    got: list[TicketEvent] = []
    hooks.subscribe(got.append)
    yield got
    hooks.unsubscribe(got.append)


@pytest.fixture
def test_kind():
    events.register_event_kind("testapp.step_done", "Step done")
    yield "testapp.step_done"
    events._registered.pop("testapp.step_done", None)


# --- event kinds ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["created", "nodot", "Upper.case", "app.", ".step", "a." + "x" * 40, "app step.x"])
def test_register_event_kind_refuses_bad_or_builtin_codes(code):
    with pytest.raises(ValueError):
        events.register_event_kind(code, "x")
    assert not events.is_known_kind(code) or code == "created"


def test_registered_kind_is_recorded_published_and_labelled(ticket, agent, heard, test_kind):
    event = ticket_event_record(ticket=ticket, kind=test_kind, actor=agent, at=ticket.created_at,
                                data={"step": 1}, reason="因为")
    assert heard == [event]
    stored = TicketEvent.objects.get(pk=event.pk)
    assert (stored.kind, stored.data, stored.reason) == (test_kind, {"step": 1}, "因为")
    assert stored.get_kind_display() == "Step done"
    assert events.registered_kinds()[test_kind] == "Step done"
    # The API shows the label too.
    client = APIClient()
    client.force_login(agent)
    body = client.get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert {"kind": test_kind, "kind_display": "Step done"}.items() <= body["events"][-1].items()


def test_unknown_kind_is_refused_and_nothing_written(ticket, agent, heard):
    before = ticket.events.count()
    with pytest.raises(DomainError) as exc:
        ticket_event_record(ticket=ticket, kind="nobody.registered_this", actor=agent, at=ticket.created_at)
    assert exc.value.code == "unknown_event_kind"
    assert ticket.events.count() == before and heard == []


def test_a_kind_whose_app_is_gone_still_displays_its_code(ticket):
    event = TicketEvent(ticket=ticket, kind="gone.step", at=ticket.created_at)
    assert event.get_kind_display() == "gone.step"


# --- transition guards ------------------------------------------------------------------


@pytest.fixture
def no_close_guard():
    calls = []

    def guard(*, ticket, action, target, actor, now):
        calls.append((ticket.status, action, target, actor))
        return "回访未完成，不能结案" if target == TicketStatus.CLOSED else None

    hooks.register_transition_guard(guard)
    yield calls
    hooks.unregister_transition_guard(guard)


def _resolved(ticket, agent):
    return ticket_transition(ticket=ticket, actor=agent, action="resolve")


def test_guard_refuses_with_its_reason_and_nothing_changes(ticket, agent, no_close_guard):
    ticket = _resolved(ticket, agent)
    before = ticket.events.count()
    with pytest.raises(Conflict) as exc:
        ticket_transition(ticket=ticket, actor=agent, action="close")
    assert str(exc.value.message) == "回访未完成，不能结案" and exc.value.code == "refused_by_guard"
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED and ticket.closed_at is None and ticket.events.count() == before
    # The guard saw the locked row's state, the move and the actor.
    assert no_close_guard[-1] == (TicketStatus.RESOLVED, "close", TicketStatus.CLOSED, agent)


def test_guard_lets_other_moves_pass(ticket, agent, no_close_guard):
    ticket = _resolved(ticket, agent)
    ticket = ticket_transition(ticket=ticket, actor=agent, action="reopen", reason="客户不满意")
    assert ticket.status == TicketStatus.IN_PROGRESS


def test_table_is_checked_before_guards(ticket, agent, no_close_guard):
    with pytest.raises(Conflict) as exc:
        ticket_transition(ticket=ticket, actor=agent, action="close")  # new → close is not in the table
    assert exc.value.code == "illegal_transition" and no_close_guard == []


def test_guard_refusal_is_409_with_reason_in_api_and_message_on_page(client, ticket, agent, no_close_guard):
    _resolved(ticket, agent)
    api = APIClient()
    api.force_login(agent)
    response = api.post(f"/api/v1/tickets/{ticket.pk}/transition/", {"action": "close"}, format="json")
    assert response.status_code == 409
    assert "回访未完成，不能结案" in str(response.json())
    client.force_login(agent)
    page = client.post(reverse("tickets:transition", args=[ticket.pk]), {"action": "close"})
    assert page.status_code == 409 and "回访未完成，不能结案" in page.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED


# --- coalesced delivery -----------------------------------------------------------------


def test_coalesced_delivers_each_tickets_last_event_once(agent, customer, category, heard):
    with transaction.atomic(), hooks.coalesced():
        first = ticket_create(actor=agent, customer=customer, title="一", channel="hotline", category=category)
        second = ticket_create(actor=agent, customer=customer, title="二", channel="hotline", category=category)
        ticket_transition(ticket=first, actor=agent, action="start")
        assert heard == []
    assert [(e.ticket_id, e.kind) for e in heard] == [(first.pk, "status_changed"), (second.pk, "created")]


def test_coalesced_delivers_nothing_when_the_block_fails(agent, customer, category, heard):
    with pytest.raises(RuntimeError), transaction.atomic(), hooks.coalesced():
        ticket_create(actor=agent, customer=customer, title="一", channel="hotline", category=category)
        raise RuntimeError("boom")
    assert heard == []
    # And delivery is back to normal afterwards.
    ticket_create(actor=agent, customer=customer, title="二", channel="hotline", category=category)
    assert len(heard) == 1


# --- scope extensions -------------------------------------------------------------------


def test_scope_extension_widens_a_department_users_scope_only(ticket, logistics_staff, agent):
    assert not ticket_scope(logistics_staff).filter(pk=ticket.pk).exists()

    def invited(user):
        return Q(pk=ticket.pk) if user == logistics_staff else None

    hooks.register_scope_extension(invited)
    try:
        assert list(ticket_scope(logistics_staff)) == [ticket]
        client = APIClient()
        client.force_login(logistics_staff)
        assert client.get(f"/api/v1/tickets/{ticket.pk}/").status_code == 200
    finally:
        hooks.unregister_scope_extension(invited)
    assert not ticket_scope(logistics_staff).filter(pk=ticket.pk).exists()


def test_scope_extension_gives_a_roleless_user_only_what_it_names(ticket, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert not ticket_scope(nobody).exists()
    def named(user):
        return Q(pk=ticket.pk) if user.pk == nobody.pk else None

    hooks.register_scope_extension(named)
    try:
        assert list(ticket_scope(nobody)) == [ticket]
    finally:
        # Only this test's own: the apps' extensions (complaints) stay for later tests.
        hooks.unregister_scope_extension(named)


# --- queue columns: a leading sort ------------------------------------------------------


def test_leading_sort_orders_work_queues_first_but_not_all(client, lead, agent, customer, category):
    from django.db.models import Case, IntegerField, Value, When

    first = ticket_create(actor=agent, customer=customer, title="先来的", channel="hotline", category=category)
    later = ticket_create(actor=agent, customer=customer, title="后来的", channel="hotline", category=category)
    column = hooks.QueueColumn(
        "test_rank", "Rank", "tickets/_priority.html",
        lambda qs, now: qs.annotate(test_rank=Case(When(pk=first.pk, then=Value(0)), default=Value(1),
                                                   output_field=IntegerField())),
        leading_sort="test_rank",
    )
    hooks.register_queue_column(column)
    try:
        client.force_login(lead)
        team = client.get(reverse("tickets:workbench"), {"tab": "team"}).content.decode()
        assert team.index(first.number) < team.index(later.number)  # leading sort beats "newest first"
        everything = client.get(reverse("tickets:workbench"), {"tab": "all"}).content.decode()
        assert everything.index(later.number) < everything.index(first.number)
    finally:
        hooks.queue_columns.remove(column)

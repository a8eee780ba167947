"""Issue 7 part 4: taking a pool ticket is conditional under the row lock (one winner,
the others 409 naming who took it), and only the assignee, a lead or a manager moves
an assigned ticket — the same rule through the service, the API and the page."""

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from slacenter.errors import Conflict
from tests.factories import make_staff
from tickets.models import Role, Ticket, TicketEvent
from tickets.services import comment_add, ticket_assign, ticket_create


@pytest.fixture
def pool_ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="池中工单", channel="hotline", category=category)


@pytest.mark.django_db
def test_an_agent_cannot_take_over_a_colleagues_ticket(pool_ticket, agent, other_agent, lead):
    comment_add(ticket=pool_ticket, actor=other_agent, body="看过")  # once touched it: still no right
    ticket_assign(ticket=pool_ticket, actor=lead, assignee=agent)
    with pytest.raises(Conflict) as refused:
        ticket_assign(ticket=pool_ticket, actor=other_agent, assignee=other_agent)
    assert refused.value.code == "already_assigned"
    assert refused.value.extra["assignee"]["username"] == "agent"
    with pytest.raises(Conflict):
        ticket_assign(ticket=pool_ticket, actor=other_agent, assignee=None)
    assert Ticket.objects.get(pk=pool_ticket.pk).assignee == agent


@pytest.mark.django_db
def test_assignee_lead_and_manager_may_move_an_assigned_ticket(pool_ticket, agent, other_agent, lead, manager):
    ticket_assign(ticket=pool_ticket, actor=agent, assignee=agent)
    ticket_assign(ticket=pool_ticket, actor=agent, assignee=None)  # the assignee gives it back
    ticket_assign(ticket=pool_ticket, actor=other_agent, assignee=other_agent)  # from the pool: anyone
    ticket_assign(ticket=pool_ticket, actor=lead, assignee=agent)
    ticket_assign(ticket=pool_ticket, actor=manager, assignee=other_agent)
    assert Ticket.objects.get(pk=pool_ticket.pk).assignee == other_agent
    assert pool_ticket.events.filter(kind=TicketEvent.Kind.ASSIGNED).count() == 5


@pytest.mark.django_db
def test_api_and_page_answer_the_refusal(pool_ticket, agent, other_agent, lead):
    comment_add(ticket=pool_ticket, actor=other_agent, body="看过")  # keeps it in their scope
    ticket_assign(ticket=pool_ticket, actor=lead, assignee=agent)
    api = APIClient()
    api.force_login(other_agent)
    response = api.post(f"/api/v1/tickets/{pool_ticket.pk}/assign/", {"assignee": other_agent.pk})
    assert response.status_code == 409
    assert response.json()["assignee"]["username"] == "agent"
    page = Client()
    page.force_login(other_agent)
    response = page.post(f"/tickets/{pool_ticket.pk}/assign/", {"assignee": ""})
    assert response.status_code == 409
    assert Ticket.objects.get(pk=pool_ticket.pk).assignee == agent


@pytest.mark.django_db(transaction=True)
def test_eight_agents_racing_for_a_pool_ticket_one_wins(postgres_only, center, customer, category):
    agents = [make_staff(Role.AGENT, center, username=f"racer{i}") for i in range(8)]
    ticket = ticket_create(actor=agents[0], customer=customer, title="抢单", channel="hotline", category=category)
    barrier = threading.Barrier(8)
    won, lost, other = [], [], []

    def take(user):
        try:
            barrier.wait(timeout=10)
            ticket_assign(ticket=ticket, actor=user, assignee=user)
            won.append(user)
        except Conflict as exc:
            lost.append(exc)
        except Exception as exc:  # noqa: BLE001 - asserted below
            other.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert other == []
    assert len(won) == 1 and len(lost) == 7
    winner = won[0]
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == winner.pk
    assert all(exc.extra["assignee"]["id"] == winner.pk for exc in lost)
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.ASSIGNED).count() == 1

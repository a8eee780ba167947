"""The VIP green channel in the work queues comes from the ticket's copy of its
customer's tier (`Ticket.customer_vip`, issue 12): ticket_create copies it, a tier
change through customer_update moves every ticket of the customer, the team queue and
my queue put VIP tickets first whatever their age, and on PostgreSQL the partial index
over open tickets serves the team queue's order without sorting."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import CustomerFactory, TicketFactory
from tickets.models import Ticket
from tickets.services import customer_update, ticket_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def vip():
    return CustomerFactory(name="金卡客户", tier="vip")


def test_create_copies_the_tier_and_a_tier_change_moves_every_ticket(agent, customer, vip, category):
    regular = ticket_create(actor=agent, customer=customer, title="普通", channel="hotline", category=category)
    golden = ticket_create(actor=agent, customer=vip, title="VIP", channel="hotline", category=category)
    assert (regular.customer_vip, golden.customer_vip) == (False, True)
    second = ticket_create(actor=agent, customer=vip, title="VIP 2", channel="hotline", category=category)
    customer_update(customer=vip, tier="standard")
    assert not Ticket.objects.filter(pk__in=[golden.pk, second.pk], customer_vip=True).exists()
    customer_update(customer=customer, tier="vip")
    regular.refresh_from_db()
    assert regular.customer_vip is True
    customer_update(customer=customer, name="改名不改等级")
    regular.refresh_from_db()
    assert regular.customer_vip is True


def _rows(client, tab):
    response = client.get(f"/tickets/?tab={tab}")
    assert response.status_code == 200
    return [row.number for row in response.context["rows"]]


def test_vip_tickets_lead_the_team_queue_and_my_queue(client, lead, agent, center, customer, vip, category):
    now = timezone.now()
    base = {"responsible_department": center, "category": category, "status": "in_progress"}
    old_vip = TicketFactory(customer=vip, created_at=now - dt.timedelta(days=3), assignee=agent, **base)
    new_plain = TicketFactory(customer=customer, created_at=now, assignee=agent, **base)
    older_plain = TicketFactory(customer=customer, created_at=now - dt.timedelta(days=1), assignee=agent, **base)
    closed_vip = TicketFactory(customer=vip, created_at=now, assignee=agent, **{**base, "status": "closed"})
    client.force_login(lead)
    assert _rows(client, "team") == [old_vip.number, new_plain.number, older_plain.number]
    client.force_login(agent)
    assert _rows(client, "mine") == [old_vip.number, new_plain.number, older_plain.number]
    assert _rows(client, "all")[0] == closed_vip.number  # history: newest first, no green channel


def test_postgres_serves_the_team_queue_order_from_the_partial_index(postgres_only, lead, center, vip, category):
    from django.test import RequestFactory

    from tickets import hooks
    from tickets.selectors import ticket_list
    from tickets.views.queue import _ordering, _tab_queryset

    TicketFactory.create_batch(3, customer=vip, responsible_department=center, category=category)
    request = RequestFactory().get("/tickets/?tab=team")
    request.user = lead
    leading = [c.leading_sort for c in hooks.queue_columns if c.leading_sort]
    assert "-customer_vip" in leading
    qs = _tab_queryset(lead, "team", ticket_list(lead)).order_by(*leading, *_ordering("-created", {}))
    sql, params = qs[:25].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # A few test rows make sorting them cheaper than any index; with sorting priced out
        # the plan has no Sort node only if an index delivers exactly this order.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ticket_open_vip_idx" in plan, plan
    assert "Sort Key" not in plan, plan  # read in order, LIMIT stops after a page

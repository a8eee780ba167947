"""The department inbox: each open question shows its reply deadline and the business
time left (through the SLA layer's deadline provider), the most urgent first; filters
(status, category, overdue) and search; the department's staff are notified when a
question arrives."""

import pytest
from django.utils import translation

from tests.factories import CategoryFactory, make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket
from tickets.models import Notification, Role
from tickets.services import transfer_answer, transfer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def urgent_reply(policies):
    from sla.services.policies import policy_create

    return policy_create(actor=None, system=True, name="Dept reply urgent", metric="department_reply", priority=4,
                         target_minutes=60, now=at(1, 0), recompute=False)


@pytest.fixture
def inbox(agent, customer, category, logistics, urgent_reply):
    # Logistics works 08:00-12:00. Normal: 4 business hours; urgent: 1.
    older = new_ticket(agent, customer, category, at(2, 10))
    transfer_create(ticket=older, actor=agent, department=logistics, question="包裹在哪个网点？", now=at(2, 10))
    other_category = CategoryFactory(code="billing", name="账单")
    newer = new_ticket(agent, customer, other_category, at(2, 11), priority=4)
    transfer_create(ticket=newer, actor=agent, department=logistics, question="能否加急派送？", now=at(2, 11))
    done = new_ticket(agent, customer, category, at(2, 9))
    answered = transfer_create(ticket=done, actor=agent, department=logistics, question="已签收吗？", now=at(2, 9))
    return {"older": older, "newer": newer, "done": done, "answered": answered, "billing": other_category}


def _numbers(response):
    return [row["transfer"].ticket.number for row in response.context["open_rows"]]


def test_cards_show_the_deadline_most_urgent_first(client, logistics_staff, inbox):
    transfer_answer(transfer=inbox["answered"], actor=logistics_staff, answer="已签收", now=at(2, 9, 30))
    client.force_login(logistics_staff)
    with translation.override("en"):
        response = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en")
    # The urgent one (due Mon 12:00) before the older normal one (due Tue 10:00).
    assert _numbers(response) == [inbox["newer"].number, inbox["older"].number]
    row = response.context["open_rows"][0]["transfer"]
    assert row.reply_due_at == at(2, 12)
    html = response.content.decode()
    assert "Reply by" in html and "2026-03-02 12:00" in html and "sla-breached" in html


def test_filters_and_search(client, logistics_staff, inbox):
    transfer_answer(transfer=inbox["answered"], actor=logistics_staff, answer="已签收", now=at(2, 9, 30))
    client.force_login(logistics_staff)
    assert _numbers(client.get("/inbox/?q=加急")) == [inbox["newer"].number]
    assert _numbers(client.get(f"/inbox/?category={inbox['billing'].pk}")) == [inbox["newer"].number]
    assert len(_numbers(client.get("/inbox/?overdue=true"))) == 2  # both past due by now
    response = client.get("/inbox/?status=replied")
    assert _numbers(response) == [] and [t.pk for t in response.context["answered"]] == [inbox["answered"].pk]
    assert client.get("/inbox/?status=bogus").status_code == 200  # reported, ignored


def test_department_staff_are_notified_on_arrival(agent, customer, category, logistics, logistics_staff, merchandise,
                                                  policies):
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head")
    merch = make_staff(Role.DEPT_STAFF, merchandise, username="merch")
    t = new_ticket(agent, customer, category, at(2, 10))
    transfer = transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, 10))
    notified = set(Notification.objects.filter(key=f"transfer:{transfer.pk}:arrived").values_list("recipient_id",
                                                                                                  flat=True))
    assert notified == {logistics_staff.pk, head.pk}
    assert merch.pk not in notified and agent.pk not in notified


def test_inbox_queries_do_not_grow_with_the_cards(client, agent, customer, category, logistics, logistics_staff,
                                                  policies):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries():
        client.get("/inbox/")  # warm the calendar caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/inbox/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(logistics_staff)
    for hour in (10, 11):
        t = new_ticket(agent, customer, category, at(2, hour))
        transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, hour))
    few = page_queries()
    for hour in (12, 13, 14, 15):
        t = new_ticket(agent, customer, category, at(2, hour))
        transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, hour))
    assert page_queries() == few

"""The SLA badge in the queue, the SLA panel, the department page and the clocks API
(scoped by the ticket: out of scope = 404)."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from rest_framework.test import APIClient

from sla.models import TicketClock
from sla.views.clocks.ui import annotate_queue, panel_context
from tests.factories import make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket
from tickets.models import Role, Ticket
from tickets.services import ticket_transition, transfer_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _row(ticket, now):
    return annotate_queue(Ticket.objects.filter(pk=ticket.pk), now).get()


def test_badge_shows_business_time_remaining(agent, customer, category, policies, rf=None):
    t = new_ticket(agent, customer, category, at(2, 17))  # first response due Tue 10:00
    request = RequestFactory().get("/")
    row = _row(t, at(2, 17, 30))
    assert row.sla_next_due == at(3, 10)
    from sla.views.clocks.display import CalendarCache, badge

    b = badge(state=row.sla_next_state, due_at=row.sla_next_due, warn_at=row.sla_next_warn,
              calendar_id=row.sla_calendar_id, paused=row.sla_any_paused, any_clock=row.sla_any_clock,
              now=at(2, 17, 30), cache=CalendarCache())
    # 30 min today + 1 h tomorrow, not 16.5 wall hours
    assert (b["kind"], b["text"]) == ("ok", "1 business hour 30 min left")
    b = badge(state="running", due_at=at(3, 10), warn_at=at(3, 9, 30), calendar_id=row.sla_calendar_id,
              paused=False, any_clock=True, now=at(3, 9, 45), cache=CalendarCache())
    assert (b["kind"], b["text"]) == ("warning", "15 business min left")
    html = render_to_string("sla/clocks/_queue_badge.html", {"ticket": row, "request": request})
    assert "sla-" in html


def test_badge_paused_and_breached(agent, customer, category, policies):
    from sla.views.clocks.display import CalendarCache, badge

    b = badge(state=None, due_at=None, warn_at=None, calendar_id=None, paused=True, any_clock=True, now=at(2, 10),
              cache=CalendarCache())
    assert b["kind"] == "paused"
    t = new_ticket(agent, customer, category, at(2, 10))
    row = _row(t, at(2, 13))
    b = badge(state=row.sla_next_state, due_at=row.sla_next_due, warn_at=row.sla_next_warn,
              calendar_id=row.sla_calendar_id, paused=False, any_clock=True, now=at(2, 13), cache=CalendarCache())
    assert (b["kind"], b["text"]) == ("breached", "overdue 1 business hour")


def test_urgency_sort_orders_by_next_due(agent, customer, category, policies):
    late = new_ticket(agent, customer, category, at(2, 11))
    early = new_ticket(agent, customer, category, at(2, 10))
    done = new_ticket(agent, customer, category, at(2, 9))
    ticket_transition(ticket=done, actor=agent, action="resolve", now=at(2, 9, 30))
    ordered = list(annotate_queue(Ticket.objects.all(), at(2, 10, 30)).order_by("sla_urgency"))
    assert ordered[:2] == [early, late]  # tickets with no running clock come last


def test_panel_renders_clocks_policy_calendar_and_timeline(agent, customer, category, policies, logistics):
    t = new_ticket(agent, customer, category, at(2, 10))
    transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, 11))
    request = RequestFactory().get("/")
    request.user = agent
    context = panel_context(request, t)
    assert {c["clock"].metric for c in context["sla_clocks"]} == {"first_response", "resolution",
                                                                  "department_reply"}
    html = render_to_string("sla/clocks/_ticket_panel.html", {**context, "ticket": t}, request=request)
    assert "FR normal" in html and "center" in html and "logistics" in html
    assert "seg-working" in html and "seg-closed" in html


def test_department_page_scoped(client, agent, customer, category, policies, logistics, logistics_staff,
                                merchandise_staff):
    t = new_ticket(agent, customer, category, at(2, 10))
    transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, 10))
    client.force_login(logistics_staff)
    response = client.get("/sla/department/")
    assert response.status_code == 200
    assert response.context["department"] == logistics
    client.force_login(merchandise_staff)
    response = client.get(f"/sla/department/?department={logistics.pk}")
    assert response.context["department"].pk != logistics.pk  # cannot pick another department
    client.force_login(agent)
    assert client.get("/sla/department/").status_code == 404


def test_api_ticket_clocks_scoped(agent, other_agent, customer, category, policies, logistics_staff, manager):
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    api = APIClient()
    api.force_authenticate(agent)
    response = api.get(f"/api/v1/sla/tickets/{t.pk}/clocks/")
    assert response.status_code == 200
    assert {c["metric"] for c in response.json()} == {"first_response", "resolution"}
    clock_id = TicketClock.objects.filter(ticket=t).first().pk
    api.force_authenticate(logistics_staff)  # neither owns nor was transferred the ticket
    assert api.get(f"/api/v1/sla/tickets/{t.pk}/clocks/").status_code == 404
    assert api.get(f"/api/v1/sla/clocks/{clock_id}/").status_code == 404
    assert api.get("/api/v1/sla/clocks/").json()["count"] == 0
    ticket_transition(ticket=t, actor=agent, action="start", now=at(2, 10, 5))
    api.force_authenticate(other_agent)  # assigned to someone else: out of an agent's scope
    assert api.get(f"/api/v1/sla/tickets/{t.pk}/clocks/").status_code == 404


def test_api_policy_write_needs_manager(agent, manager, calendars):
    api = APIClient()
    body = {"name": "FR", "metric": "first_response", "target_minutes": 30}
    api.force_authenticate(agent)
    assert api.post("/api/v1/sla/policies/", body, format="json").status_code == 403
    api.force_authenticate(manager)
    response = api.post("/api/v1/sla/policies/", body, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api.patch(f"/api/v1/sla/policies/{pk}/", {"target_minutes": 45}, format="json")
    assert (response.status_code, response.json()["revision"]) == (200, 2)
    response = api.post("/api/v1/sla/policies/", {**body, "target_days": 1}, format="json")
    assert response.status_code == 400
    dept_head = make_staff(Role.DEPT_HEAD, None, username="head_x")
    api.force_authenticate(dept_head)
    assert api.get("/api/v1/sla/policies/").status_code == 200


def test_admin_pages(client, agent, customer, category, policies):
    from django.contrib.auth import get_user_model

    new_ticket(agent, customer, category, at(2, 10))
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pass12345")
    client.force_login(admin)
    for path in ("slapolicy", "ticketclock", "breach", "escalationlog"):
        assert client.get(f"/admin/sla/{path}/").status_code == 200
    assert client.get(f"/admin/sla/slapolicy/{policies['fr'].pk}/change/").status_code == 200
    assert client.get("/admin/sla/ticketclock/add/").status_code == 403


def test_panel_timeline_marks_holidays_by_name(agent, customer, category, policies, calendars):
    from datetime import date

    from sla.models import CalendarOverride

    CalendarOverride.objects.create(calendar=calendars["center"], date=date(2026, 3, 3), kind="holiday", hours=[],
                                    name="测试假日", created_at=at(1, 0))
    calendars["center"].revision += 1
    calendars["center"].save()
    t = new_ticket(agent, customer, category, at(2, 17))
    request = RequestFactory().get("/")
    request.user = agent
    fr = next(c for c in panel_context(request, t)["sla_clocks"] if c["clock"].metric == "first_response")
    assert fr["clock"].due_at == at(4, 10)  # Monday 1 h, Tuesday is a holiday, Wednesday 1 h
    kinds = [(s["kind"], s["name"]) for s in fr["timeline"]]
    assert ("holiday", "测试假日") in kinds

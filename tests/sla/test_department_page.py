"""The department SLA page: the open overdue backlog whatever its month, a month
picker for the history, words a department head uses, and a sensible default
department for center-wide viewers."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from sla.selectors.clocks import dashboard_months, department_dashboard
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import SH, at, new_ticket
from tickets.services import transfer_create

pytestmark = pytest.mark.django_db


def _transferred(agent, customer, category, department, when):
    t = new_ticket(agent, customer, category, when)
    transfer_create(ticket=t, actor=agent, department=department, question="?", now=when)
    return t


def test_an_old_unanswered_question_stays_on_the_page(agent, customer, category, policies, logistics):
    """Transferred in March, still unanswered in December: shown as overdue in December."""
    t = _transferred(agent, customer, category, logistics, at(2, 10))
    december = datetime(2026, 12, 4, 10, tzinfo=SH)
    page = department_dashboard(logistics, now=december)
    assert [c.ticket_id for c in page["overdue"]] == [t.pk]
    assert page["overdue_count"] == 1
    assert page["counts"]["total"] == 0  # nothing started in December
    march = department_dashboard(logistics, now=december, month=datetime(2026, 3, 1, tzinfo=SH))
    assert march["counts"]["total"] == 1 and not march["is_current_month"]
    # Past due is missed at once, not only once a sweep has marked it.
    assert (march["counts"]["breached"], march["counts"]["running"]) == (1, 0)
    # Not overdue yet on the day it was transferred.
    assert department_dashboard(logistics, now=at(2, 11))["overdue_count"] == 0


def test_month_picker_offers_the_last_twelve_months():
    months = dashboard_months(datetime(2026, 12, 4, 10, tzinfo=SH))
    assert [m.strftime("%Y-%m") for m in (months[0], months[1], months[-1])] == ["2026-12", "2026-11", "2026-01"]
    assert len(months) == 12


def test_page_in_a_head_s_words(client, agent, customer, category, policies, logistics, logistics_staff):
    _transferred(agent, customer, category, logistics, timezone.now() - timedelta(days=30))
    client.force_login(logistics_staff)
    with translation.override("zh-hans"):
        html = client.get("/sla/department/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "计时总数" not in html and "已超时仍未答复：1个问题" in html
    assert 'name="month"' in html
    month = timezone.localtime(timezone.now()).strftime("%Y-%m")
    assert client.get(f"/sla/department/?month={month}").status_code == 200
    assert client.get("/sla/department/?month=1999-01").status_code == 200  # unknown month: the current one


def test_manager_lands_on_the_department_with_the_overdue_backlog(client, agent, customer, category, policies,
                                                                  logistics, merchandise, manager):
    client.force_login(manager)
    # The center's own overdue first responses do not count: its backlog is the team queue.
    new_ticket(agent, customer, category, timezone.now() - timedelta(days=10))
    assert client.get("/sla/department/").context["department"] == logistics  # nothing overdue: first by code
    _transferred(agent, customer, category, merchandise, timezone.now() - timedelta(days=10))
    response = client.get("/sla/department/")
    assert response.context["department"] == merchandise
    # The picker says where the backlog is.
    assert {d.code: d.overdue for d in response.context["departments"]}["merchandise"] == 1
    assert client.get(f"/sla/department/?department={logistics.pk}").context["department"] == logistics

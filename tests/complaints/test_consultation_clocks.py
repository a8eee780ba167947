"""Joint consultation reply clocks: one per invited department, on that department's
own calendar, due by the consultation's deadline; the findings meet it, the
conclusion stops the ones still running (and ends the departments' view of the
ticket); a missed deadline is breached and escalated by the sweep like any clock."""

import pytest

from complaints.services import complaint_create
from complaints.services.consultations import consultation_answer, consultation_conclude, consultation_convene
from sla.models import Breach, EscalationLog, TicketClock
from sla.services.policies import policy_create
from sla.services.sweep import sla_sweep
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, ladder
from tickets.selectors import ticket_scope

pytestmark = pytest.mark.django_db


def reply_clocks(ticket):
    return {c.responsible_department_id: c for c in TicketClock.objects.filter(ticket=ticket,
                                                                               metric="consultation_reply")}


@pytest.fixture
def hard(policies, agent, customer, category):
    return complaint_create(actor=agent, customer=customer, category=category, title="包裹反复延误",
                            channel="hotline", desired_remedy="查明原因", now=at(2, 9)).ticket


def test_reply_clock_per_department_on_its_calendar_stopped_by_the_conclusion(
        hard, calendars, lead, logistics, merchandise, logistics_staff, merchandise_staff):
    # Monday 10:00, deadline Tuesday 18:00. Logistics works 08:00-12:00: its clock holds
    # the 6 business hours it has before the deadline and is due Tuesday 12:00.
    consultation = consultation_convene(actor=lead, ticket=hard, departments=[logistics, merchandise],
                                        question="为何同一线路反复延误？", deadline=at(3, 18), now=at(2, 10))
    clocks = reply_clocks(hard)
    assert set(clocks) == {logistics.pk, merchandise.pk}
    mine = clocks[logistics.pk]
    assert (mine.state, mine.calendar_id, mine.target_seconds, mine.due_at) == (
        "running", calendars["logistics"].pk, 6 * 3600, at(3, 12))
    assert mine.item_id == consultation.invites.get(department=logistics).pk
    assert clocks[merchandise.pk].state == "running"
    assert ticket_scope(logistics_staff).filter(pk=hard.pk).exists()

    consultation_answer(actor=merchandise_staff, invite=consultation.invites.get(department=merchandise),
                        findings="包装符合标准，非商品原因", now=at(2, 11))
    clocks = reply_clocks(hard)
    assert (clocks[merchandise.pk].state, clocks[merchandise.pk].stopped_at) == ("met", at(2, 11))
    assert clocks[logistics.pk].state == "running"

    consultation_conclude(actor=lead, consultation=consultation, owning_department=logistics,
                          cause="线路承运商运力不足", action_plan="更换承运商并每周复盘", now=at(2, 11, 30))
    clocks = reply_clocks(hard)
    assert (clocks[logistics.pk].state, clocks[logistics.pk].stopped_at) == ("cancelled", at(2, 11, 30))
    assert clocks[merchandise.pk].state == "met"
    assert not TicketClock.objects.filter(ticket=hard, metric="consultation_reply", stopped_at__isnull=True).exists()
    assert not ticket_scope(logistics_staff).filter(pk=hard.pk).exists()
    assert not ticket_scope(merchandise_staff).filter(pk=hard.pk).exists()


def test_missed_deadline_is_breached_and_escalated_by_the_sweep(hard, calendars, lead, logistics, merchandise):
    logistics.head = lead.__class__.objects.create(username="logistics_head")
    logistics.save(update_fields=["head"])
    policy = policy_create(actor=None, system=True, name="会诊答复", metric="consultation_reply", target_days=1,
                           now=at(1, 0), recompute=False)
    ladder(policy)
    consultation_convene(actor=lead, ticket=hard, departments=[logistics], question="线路是否超载？",
                         deadline=at(2, 11), now=at(2, 10))
    clock = reply_clocks(hard)[logistics.pk]
    assert (clock.due_at, clock.policy_id, clock.responsible_user_id) == (at(2, 11), policy.pk, logistics.head_id)
    sla_sweep(now=at(2, 12))
    clock.refresh_from_db()
    assert clock.state == "breached"
    breach = Breach.objects.get(clock=clock)
    assert (breach.breached_at, breach.department_id) == (at(2, 11), logistics.pk)
    assert EscalationLog.objects.filter(clock=clock, skipped=False).count() == 3  # 75 %, 100 %, +30 min (11:30)
    from tickets.models import Notification

    assert Notification.objects.filter(recipient=logistics.head, ticket=hard).exists()  # level 3: the head


def test_a_deadline_with_no_working_hours_for_a_department_is_refused(hard, calendars, lead, logistics, merchandise):
    from slacenter.errors import DomainError

    # Logistics works 08:00-12:00: from Monday 13:00 to 18:00 it has no time to answer.
    with pytest.raises(DomainError) as refused:
        consultation_convene(actor=lead, ticket=hard, departments=[logistics, merchandise], question="原因？",
                             deadline=at(2, 18), now=at(2, 13))
    assert refused.value.extra["field"] == "deadline" and "物流部" in refused.value.message
    assert not TicketClock.objects.filter(metric="consultation_reply").exists()


def test_admin_shows_each_invite_with_its_reply_clock_read_only(hard, calendars, lead, logistics, admin_client):
    from django.urls import reverse

    consultation = consultation_convene(actor=lead, ticket=hard, departments=[logistics], question="线路是否超载？",
                                        deadline=at(3, 18), now=at(2, 10))
    page = admin_client.get(reverse("admin:complaints_consultation_change", args=[consultation.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "线路是否超载？" in html
    assert "2026-03-03 12:00" in html  # logistics' clock, due at the end of its Tuesday hours
    assert admin_client.get(reverse("admin:complaints_consultation_add")).status_code == 403

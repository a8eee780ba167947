"""The SLA clocks as an agent meets them, in a real browser: the agent transfers a
ticket to Logistics; the ticket page's SLA panel shows the department-reply clock
with its due time and how it was derived; the queue shows a countdown badge that
now follows the department's (nearer) deadline; the English switch turns the
labels English."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from sla.models import TicketClock
from sla.services.calendars import calendar_create
from sla.services.policies import policy_create
from tests.browser.session import login
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_WEEK = {str(day): [["00:00", "24:00"]] for day in range(7)}


@pytest.fixture
def ticket(transactional_db):
    """An agent's open ticket held to an 8-hour first response; Logistics owes a reply
    within 4 business hours of any transfer (both calendars 24×7, so the due times
    do not depend on when the test runs)."""
    now = timezone.now()
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    for dept in (center, logistics):
        calendar_create(actor=None, system=True,
                        name=f"{dept.name}全天", name_en=f"{dept.name_en} 24x7", department=dept, weekly=ALL_WEEK,
                        effective_from=date(now.year - 1, 1, 1), observes_statutory_holidays=False, now=now)
    policy_create(actor=None, system=True,
                  name="首次响应 8 小时", metric="first_response", target_minutes=8 * 60, now=now, recompute=False)
    policy_create(actor=None, system=True,
                  name="部门回复 4 小时", metric="department_reply", target_minutes=4 * 60, now=now, recompute=False)
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王")
    make_staff(Role.DEPT_HEAD, logistics, username="wuliu_head", first_name="老张")
    category = CategoryFactory(code="late", name="配送延误", name_en="Late delivery", default_department=logistics)
    customer = CustomerFactory(name="张三", phone="13812345678")
    return ticket_create(actor=agent, customer=customer, title="快递三天未更新", channel="hotline",
                         category=category, assignee=agent, now=now)


def queue_badge(page, ticket):
    row = page.locator("[data-testid=queue] tr", has_text=ticket.number)
    return row.locator(".badge[class*=sla-]")


def test_transfer_shows_department_clock_in_panel_and_queue(page, live_server, ticket, shots):
    base = live_server.url
    login(page, base, "agent")
    page.wait_for_url(re.compile(r"/tickets/$"))
    # Before the transfer the queue counts down the 8-hour first response.
    badge = queue_badge(page, ticket)
    assert "sla-ok" in badge.get_attribute("class")
    assert re.fullmatch(r"剩余[78]工作小时(\d+分钟)?", badge.inner_text().strip()), badge.inner_text()

    # Transfer to Logistics from the ticket page.
    page.locator("[data-testid=queue] a", has_text=ticket.number).click()
    page.wait_for_url(re.compile(rf"/tickets/{ticket.pk}/$"))
    transfer_panel = page.locator("[data-testid=transfer-panel]")
    transfer_panel.locator("select[name=department]").select_option(label="物流部")
    transfer_panel.locator("textarea[name=question]").fill("请查询订单 A123 的物流位置")
    transfer_panel.locator("button[type=submit]").click()
    page.wait_for_selector(".timeline li.tl-transfer")

    clock = TicketClock.objects.get(ticket=ticket, metric="department_reply")
    assert clock.due_at == clock.started_at + timedelta(hours=4)
    due_text = timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")

    # The SLA panel: the department-reply clock on Logistics' calendar, its due time,
    # who is responsible and how the due time was derived.
    panel = page.locator("#sla-panel")
    dept_clock = panel.locator("details.sla-clock", has_text="部门回复")
    assert dept_clock.count() == 1
    assert dept_clock.get_attribute("open") is not None  # running clocks are unfolded
    summary = dept_clock.locator("> summary").inner_text()
    assert "物流部" in summary and "计时中" in summary
    assert "sla-ok" in dept_clock.locator("> summary .badge").get_attribute("class")
    facts = dept_clock.locator("dl.sla-facts").inner_text()
    assert due_text in facts
    assert "物流部全天" in facts  # the receiving department's calendar, not the center's
    assert "老张" in facts  # responsible: the department head while the question is open
    assert re.search(r"开始计时；时限4工作小时", facts), facts
    # The segment-by-segment explanation is folded away until asked for.
    segments = dept_clock.locator("details.sla-segments")
    assert not segments.locator("ol.sla-timeline").is_visible()
    segments.locator("summary").click()
    assert segments.locator("ol.sla-timeline li").first.is_visible()
    page.screenshot(path=str(shots / "sla_panel_zh.png"), full_page=True)

    # The queue badge now counts down the department's 4-hour deadline.
    page.goto(f"{base}/tickets/")
    badge = queue_badge(page, ticket)
    assert re.fullmatch(r"剩余[34]工作小时(\d+分钟)?", badge.inner_text().strip()), badge.inner_text()
    assert badge.get_attribute("title").endswith(due_text)
    page.screenshot(path=str(shots / "sla_queue_zh.png"))

    # English.
    page.click(".lang-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    badge = queue_badge(page, ticket)
    assert re.fullmatch(r"[34] business hours?( \d+ min)? left", badge.inner_text().strip()), badge.inner_text()
    assert badge.get_attribute("title") == f"Due {due_text}"
    page.goto(f"{base}/tickets/{ticket.pk}/")
    dept_clock = page.locator("#sla-panel details.sla-clock", has_text="Department reply")
    summary = dept_clock.locator("> summary").inner_text()
    assert "Logistics" in summary and "Running" in summary
    facts = dept_clock.locator("dl.sla-facts").inner_text()
    for label in ("Due", "Calendar", "Responsible", "How the due time was derived"):
        assert label in facts, label
    assert "Logistics 24x7" in facts
    assert re.search(r"Started .+; target 4 business hours\. Used so far", facts), facts
    assert not re.search(r"[\u4e00-\u9fff]", page.locator("#sla-panel h2").inner_text() + summary.replace("老张", ""))
    page.screenshot(path=str(shots / "sla_panel_en.png"), full_page=True)

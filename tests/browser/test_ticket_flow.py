"""The ticket core end to end in a real browser: an agent takes a call, looks the
customer up, creates the ticket, transfers it to Logistics; Logistics answers from
its inbox; the agent sees the answer and the ticket back in progress."""

import re

import pytest

from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import ReplyTemplate, Role, Ticket, TicketStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup_data(transactional_db):
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    DepartmentFactory(code="finance", name="财务部", name_en="Finance")
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王")
    staff = make_staff(Role.DEPT_STAFF, logistics, username="wuliu", first_name="老李")
    parent = CategoryFactory(code="logistics", name="物流", name_en="Logistics")
    category = CategoryFactory(code="late", name="配送延误", name_en="Late delivery", parent=parent,
                               default_department=logistics)
    ReplyTemplate.objects.create(category=parent, title="已联系物流", body="您好，已为您联系物流部门核实。")
    CustomerFactory(name="张三", phone="13812345678", tier="vip")
    CustomerFactory(name="李四", phone="13900002222")
    return {"agent": agent, "staff": staff, "category": category}


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass12345")
    page.click("button[type=submit].btn-primary")


def logout(page):
    page.click("form.logout button")
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_ticket_flow(page, live_server, setup_data, shots):
    base = live_server.url
    login(page, base, "agent")
    page.wait_for_url(re.compile(r"/tickets/$"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    # New ticket: look the customer up as we type, pick, see the form keep its place.
    page.goto(f"{base}/tickets/new/")
    page.fill("#ticket-form input[name=title]", "快递三天未更新")
    page.fill("#customer-q", "1381234")
    page.locator("#customer-results a", has_text="张三").click()
    page.wait_for_selector("[data-testid=chosen-customer]")
    assert page.input_value("#ticket-form input[name=title]") == "快递三天未更新"  # htmx kept the form
    page.select_option("#ticket-form select[name=category]", str(setup_data["category"].pk))
    page.fill("#ticket-form textarea[name=description]", "客户来电：订单 A123 三天无物流信息")
    page.click("#ticket-form button[type=submit]")
    page.wait_for_url(re.compile(r"/tickets/\d+/$"))
    ticket = Ticket.objects.get(title="快递三天未更新")

    # It is in my queue.
    page.goto(f"{base}/tickets/")
    page.wait_for_selector(f"text={ticket.number}")
    page.screenshot(path=str(shots / "workbench.png"), full_page=False)
    # htmx filter: a search that matches nothing empties the table without a reload.
    page.fill("input[name=q]", "不存在的内容")
    page.wait_for_selector("td.empty")
    assert "q=" in page.url  # hx-push-url
    page.fill("input[name=q]", "")
    page.locator("[data-testid=queue] a", has_text=ticket.number).click()
    page.wait_for_url(re.compile(rf"/tickets/{ticket.pk}/$"))

    # Transfer to Logistics (preselected from the category) with a question.
    panel = page.locator("[data-testid=transfer-panel]")
    assert panel.locator("select[name=department]").input_value() == str(ticket.category.default_department_id)
    panel.locator("textarea[name=question]").fill("请查询订单 A123 的物流位置")
    panel.locator("button[type=submit]").click()
    page.wait_for_selector(".timeline li.tl-transfer")
    assert page.locator(".badge.st-waiting_department").count() == 1
    # A reply to the customer from a template, posted through htmx, lands in the timeline.
    page.select_option("[data-testid=reply-form] select[data-template-target]", label="已联系物流")
    assert page.input_value("[data-testid=reply-form] textarea[name=body]") == "您好，已为您联系物流部门核实。"
    page.click("[data-testid=reply-form] button[type=submit]")
    page.wait_for_selector(".timeline li.tl-public")
    page.screenshot(path=str(shots / "detail.png"), full_page=False)
    logout(page)

    # Logistics answers from its inbox.
    login(page, base, "wuliu")
    page.wait_for_url(re.compile(r"/inbox/$"))
    card = page.locator("[data-testid=open-transfer]", has_text=ticket.number)
    card.locator("textarea").first.fill("包裹在上海转运中心，明天送达")
    page.screenshot(path=str(shots / "inbox.png"), full_page=False)
    card.locator("[data-testid=answer-button]").click()
    page.wait_for_url(re.compile(r"/inbox/$"))
    assert page.locator("[data-testid=open-transfer]").count() == 0
    logout(page)

    # The agent sees the answer and the ticket is back in progress.
    login(page, base, "agent")
    page.goto(f"{base}/tickets/{ticket.pk}/")
    answer = page.locator(".timeline li.tl-answer")
    assert "包裹在上海转运中心" in answer.inner_text()
    assert page.locator(".ticket-head .badge.st-in_progress").count() == 1
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS

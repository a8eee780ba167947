"""The complaint loop in a real browser, in Chinese and in English: an agent takes a
VIP complaint with a ¥800 compensation, the team lead and the manager approve, the
agent gives the final reply, another agent calls back and records the customer
dissatisfied, and the complaint reopens to the team lead. The customer's tracking
page shows the stage and final replies and nothing internal."""

import re

import pytest

from complaints.defaults import install_default_chain
from complaints.models import Complaint, ComplaintStage, RemedyStatus
from complaints.services import seat_group_create
from tests.browser.session import login, logout
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Comment, Role, TicketStatus
from tickets.services import comment_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup_data(transactional_db):
    center = ServiceCenterFactory()
    finance = DepartmentFactory(code="finance", name="财务部", name_en="Finance")
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王", last_name="王")
    caller = make_staff(Role.AGENT, center, username="caller", first_name="小李", last_name="李")
    lead = make_staff(Role.TEAM_LEAD, center, username="lead", first_name="班长", last_name="陈")
    make_staff(Role.SERVICE_MANAGER, center, username="manager", first_name="经理", last_name="赵")
    install_default_chain(finance)
    category = CategoryFactory(code="late", name="配送延误", name_en="Late delivery")
    seat_group_create(actor=lead, name="VIP专席", name_en="VIP desk", code="vip", is_vip=True, members=[agent])
    CustomerFactory(name="张三", phone="13812345678", tier="vip")
    return {"agent": agent, "caller": caller, "lead": lead, "category": category}


WORDS = {
    "zh-hans": {"vip": "VIP绿色通道", "reopened": "处理中", "replies": "我们的回复", "status": "正在处理中"},
    "en": {"vip": "VIP green channel", "reopened": "Handling", "replies": "Our replies",
           "status": "We are working on it"},
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_vip_complaint_loop(page, browser, live_server, setup_data, shots, language):
    base, words = live_server.url, WORDS[language]
    login(page, base, "agent", language=language)

    # Intake: find the customer, fill the complaint, land on the ticket with the VIP badge.
    page.goto(f"{base}/complaints/new/?customer_q=1381234")
    page.locator("[data-testid=customer-result]", has_text="张三").click()
    form = page.locator("[data-testid=complaint-form]")
    form.locator("select[name=category]").select_option(str(setup_data["category"].pk))
    form.locator("input[name=title]").fill("VIP客户包裹丢失")
    form.locator("textarea[name=desired_remedy]").fill("赔偿800元")
    form.locator("input[name=order_numbers]").fill("SO123456")
    form.locator("input[name=amount_in_dispute]").fill("800")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tickets/\d+/$"))
    complaint = Complaint.objects.get(ticket__title="VIP客户包裹丢失")
    ticket_url = page.url
    panel = page.locator("[data-testid=complaint-panel]")
    assert words["vip"] in panel.locator("[data-testid=vip-badge]").inner_text()
    assert complaint.ticket.assignee == setup_data["agent"]

    # Assess, then propose a ¥800 compensation (above the agent's ¥100 and the lead's ¥500).
    panel.locator("[data-testid=assess-form] button").click()
    page.wait_for_url(ticket_url)
    remedy_form = page.locator("[data-testid=remedy-form]")
    remedy_form.locator("select[name=kind]").select_option("compensation")
    remedy_form.locator("input[name=amount]").fill("800")
    remedy_form.locator("button").click()
    page.wait_for_url(ticket_url)
    assert page.locator("[data-testid=approval-step]").count() == 1
    # An internal note the customer must never see.
    comment_add(ticket=complaint.ticket, actor=setup_data["agent"], body="内部备注：客户情绪激动",
                visibility=Comment.Visibility.INTERNAL)
    logout(page)

    # The lead, then the manager approve from "My approvals".
    for approver in ("lead", "manager"):
        login(page, base, approver, language=language)
        page.goto(f"{base}/complaints/approvals/")
        row = page.locator("[data-testid=approvals] tr", has_text=complaint.ticket.number)
        row.locator("button[value=approve]").click()
        page.wait_for_url(re.compile(r"/complaints/approvals/$"))
        assert page.locator("[data-testid=approvals] tr", has_text=complaint.ticket.number).count() == 0
        logout(page)
    remedy = complaint.remedies.get()
    assert remedy.status == RemedyStatus.GRANTED and remedy.granted_by.username == "manager"

    # The agent: a stage reply, then the final reply.
    login(page, base, "agent", language=language)
    page.goto(ticket_url)
    page.locator("[data-testid=stage-reply-form] textarea").fill("您好，已联系物流查找包裹。")
    page.locator("[data-testid=stage-reply-form] button").click()
    page.wait_for_url(ticket_url)
    page.locator("[data-testid=final-reply-form] textarea").fill("包裹确认丢失，赔偿800元。")
    page.locator("[data-testid=final-reply-form] button").click()
    page.wait_for_url(ticket_url)
    complaint.refresh_from_db()
    assert complaint.stage == ComplaintStage.ANSWERED
    logout(page)

    # Another agent calls back: reached, not solved, 2/5 → reopens to the lead.
    login(page, base, "caller", language=language)
    page.goto(f"{base}/complaints/callbacks/")
    page.locator("[data-testid=callbacks] a", has_text=complaint.ticket.number).click()
    callback = page.locator("[data-testid=callback-form]")
    callback.locator("select[name=outcome]").select_option("reached")
    callback.locator("select[name=solved]").select_option("false")
    callback.locator("select[name=first_contact]").select_option("false")
    callback.locator("select[name=satisfaction]").select_option("2")
    callback.locator("input[name=comment]").fill("赔偿太慢")
    callback.locator("button").click()
    page.wait_for_url(ticket_url)
    assert words["reopened"] in page.locator("[data-testid=complaint-stage]").inner_text()
    page.screenshot(path=str(shots / f"complaint-panel-{language}.png"), full_page=True)
    complaint.refresh_from_db()
    assert complaint.stage == ComplaintStage.HANDLING and complaint.reopen_count == 1
    assert complaint.ticket.status == TicketStatus.IN_PROGRESS
    assert complaint.ticket.assignee == setup_data["lead"]

    # The customer's tracking page, on a phone, without a login.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN" if language == "zh-hans"
                                else "en-US", is_mobile=True)
    customer_page = phone.new_page()
    if language == "en":
        customer_page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    response = customer_page.goto(f"{base}/track/{complaint.tracking_token}/")
    assert response.headers["referrer-policy"] == "no-referrer"
    text = customer_page.locator("main").inner_text()
    assert words["replies"] in text and words["status"] in text
    assert "已联系物流查找包裹" in text and "包裹确认丢失" in text
    for secret in ("内部备注", "客户情绪激动", "小王", "小李", "班长", "经理", "agent", "SO123"):
        assert secret not in text
    customer_page.screenshot(path=str(shots / f"tracking-{language}.png"), full_page=True)
    phone.close()

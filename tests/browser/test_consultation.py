"""Joint consultation in Chromium: the handler convenes logistics and merchandise on
the complaint's ticket page; a merchandise member finds it through the nav link, sees
the ticket and the question, and submits findings; the lead concludes (owning
department, cause, action plan); the merchandise member no longer sees the ticket."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from complaints.models import Consultation, ConsultationStatus
from complaints.services import complaint_create
from sla.models import CalendarVersion, ServiceCalendar
from tests.browser.session import login, logout
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup_data(transactional_db):
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    merchandise = DepartmentFactory(code="merchandise", name="商品部", name_en="Merchandise")
    agent = make_staff(Role.AGENT, center, username="agent", first_name="芳", last_name="王")
    lead = make_staff(Role.TEAM_LEAD, center, username="lead", first_name="静", last_name="陈")
    make_staff(Role.DEPT_STAFF, merchandise, username="merch_staff", first_name="丽", last_name="周")
    for department in (center, logistics, merchandise):  # each department's own service hours
        calendar = ServiceCalendar.objects.create(name=f"{department.code}-hours", department=department,
                                                  timezone="Asia/Shanghai")
        CalendarVersion.objects.create(calendar=calendar, effective_from=date(2020, 1, 1),
                                       weekly={str(d): [["08:00", "20:00"]] for d in range(7)},
                                       created_at=timezone.now())
    category = CategoryFactory(code="damaged-parcel", name="商品破损", name_en="Damaged parcel",
                               default_department=logistics)
    complaint = complaint_create(actor=agent, customer=CustomerFactory(name="张三"), category=category,
                                 title="同一型号第三次内件破损", channel="hotline", desired_remedy="查明原因",
                                 now=timezone.now() - timedelta(hours=1))
    ticket_assign(ticket=complaint.ticket, actor=lead, assignee=agent)
    return {"ticket": complaint.ticket, "logistics": logistics, "merchandise": merchandise}


def test_handler_convenes_member_answers_lead_concludes(page, live_server, setup_data, shots):
    base, ticket = live_server.url, setup_data["ticket"]
    ticket_url = f"{base}/tickets/{ticket.pk}/"
    login(page, base, "agent")
    page.goto(ticket_url)
    form = page.locator("[data-testid=consultation-convene-form]")
    form.get_by_label("物流部").check()
    form.get_by_label("商品部").check()
    form.locator("textarea[name=convene-question]").fill("外包装完好而内件破损，是包装方案还是运输环节的问题？")
    deadline = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    form.locator("input[name=convene-deadline]").fill(deadline)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=consultation]")
    assert page.locator("[data-testid=consultation-invite]").count() == 2
    assert page.locator("[data-testid=consultation-status]").inner_text() == "进行中"
    clocks = page.locator("[data-testid=invite-clock]").all_inner_texts()
    assert clocks == ["计时中", "计时中"], clocks  # each department's reply clock runs
    logout(page)

    login(page, base, "merch_staff")
    page.click("[data-testid=nav-consultations]")
    page.wait_for_url(re.compile(r"/complaints/consultations/$"))
    page.locator("[data-testid=consultation-row] a").click()
    page.wait_for_selector("[data-testid=consultation]")
    assert "内件破损" in page.locator("[data-testid=consultation]").inner_text()
    answer = page.locator("[data-testid=invite-answer-form]")
    assert answer.count() == 1  # only their own department's row
    answer.locator("textarea").fill("该型号内衬本月改为单层珍珠棉，抗压不足，已要求供应商恢复双层。")
    page.screenshot(path=str(shots / "consultation-answer.png"), full_page=True)
    answer.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=invite-findings]")
    assert "单层珍珠棉" in page.locator("[data-testid=invite-findings]").inner_text()
    logout(page)

    login(page, base, "lead")
    page.goto(ticket_url)
    page.locator("details.consultation-conclude summary").click()
    conclude = page.locator("[data-testid=consultation-conclude-form]")
    conclude.locator("select[name=owning_department]").select_option(str(setup_data["merchandise"].pk))
    conclude.locator("textarea[name=cause]").fill("内衬规格变更后抗压不足")
    conclude.locator("textarea[name=action_plan]").fill("恢复双层内衬；到货抽检加压测试；两周后复盘")
    conclude.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=consultation][data-status=concluded]")
    assert page.locator("[data-testid=consultation-owner]").inner_text() == "商品部"
    page.screenshot(path=str(shots / "consultation-concluded.png"), full_page=True)
    assert Consultation.objects.get().status == ConsultationStatus.CONCLUDED
    logout(page)

    login(page, base, "merch_staff")
    response = page.goto(ticket_url)
    assert response.status == 404  # the department's view of the ticket ended with the consultation

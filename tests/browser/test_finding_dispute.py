"""Accountability in Chromium: the logistics head follows the nav link to the findings
for the department, sees the complaint and the answer deadline, disputes the finding
with a reason (refused without one); the service manager opens the disputed findings,
upholds it with a reason, and the finding page shows the decision and the history."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import ComplaintFinding, FindingStatus, RootCause
from complaints.services import complaint_create
from complaints.services.accountability import finding_record
from tests.browser.session import login, logout
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup_data(transactional_db):
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    agent = make_staff(Role.AGENT, center, username="agent", first_name="芳", last_name="王")
    make_staff(Role.SERVICE_MANAGER, center, username="manager", first_name="磊", last_name="赵")
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head", first_name="军", last_name="吴")
    logistics.head = head
    logistics.save(update_fields=["head"])
    # Transactional tests flush the migration's taxonomy: make sure the cause is there.
    cause, _ = RootCause.objects.get_or_create(code="logistics", defaults={"name": "物流延误或破损",
                                                                           "name_en": "Logistics delay or damage"})
    category = CategoryFactory(code="late-delivery", name="配送延误", name_en="Late delivery",
                               default_department=logistics)
    complaint = complaint_create(actor=agent, customer=CustomerFactory(name="张三"), category=category,
                                 title="快递延误五天仍未送达", channel="hotline", desired_remedy="赔偿运费")
    finding = finding_record(actor=agent, complaint=complaint, root_cause=cause, responsible_department=logistics,
                             note="中转站爆仓，包裹滞留两天", now=timezone.now() - timedelta(hours=2))
    return {"finding": finding, "number": complaint.ticket.number}


def test_logistics_head_disputes_and_the_manager_upholds(page, live_server, setup_data, shots):
    base, finding = live_server.url, setup_data["finding"]
    login(page, base, "logistics_head")
    page.click("[data-testid=nav-findings]")
    page.wait_for_url(re.compile(r"/complaints/findings/department/$"))
    card = page.locator("[data-testid=department-finding]")
    assert setup_data["number"] in card.inner_text() and "快递延误五天仍未送达" in card.inner_text()
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", card.locator("[data-testid=finding-deadline]").inner_text())
    card.locator("textarea[name=reason]").fill("延误系承运商中转站原因，合同约定由承运商承担")
    page.screenshot(path=str(shots / "finding-dispute.png"), full_page=True)
    card.locator("[data-testid=finding-dispute]").click()
    page.wait_for_selector("[data-testid=no-findings]")
    assert ComplaintFinding.objects.get(pk=finding.pk).status == FindingStatus.DISPUTED
    logout(page)

    login(page, base, "manager")
    page.click("[data-testid=nav-findings]")
    page.wait_for_url(re.compile(r"/complaints/findings/disputed/$"))
    card = page.locator("[data-testid=disputed-finding]")
    assert "合同约定由承运商承担" in card.inner_text()
    card.locator("input[name=decision][value=uphold]").check()
    card.locator("textarea[name=reason]").fill("出库记录显示包裹在自营中转站滞留，维持认定")
    card.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=no-findings]")
    page.goto(f"{base}/complaints/findings/{finding.pk}/")
    assert page.locator("[data-testid=finding-status]").inner_text() == "经理维持"
    assert "维持认定" in page.locator("[data-testid=finding-decision]").inner_text()
    assert page.locator("[data-testid=finding-history] li").count() == 3  # recorded, disputed, upheld
    page.screenshot(path=str(shots / "finding-upheld.png"), full_page=True)
    assert ComplaintFinding.objects.get(pk=finding.pk).status == FindingStatus.UPHELD

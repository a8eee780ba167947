"""Batch early warning to master incident, end to end in a real browser.

Four weeks of history, then a burst of complaints about one category taken in through
the API (a token, over HTTP, like the hotline system's integration); the detection
task the beat runs every 5 minutes raises an alert and a suspected incident. The team
lead finds it from the header badge and the notification, confirms it, a complaint
taken in afterwards is suggested at intake, the lead links every suggestion,
broadcasts a stage reply and resolves the incident: every child complaint gets one
stage-reply message and one final-reply message with its own number and tracking
link, its tracking page shows both replies, and its callback is started."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import (
    CallbackTask,
    Complaint,
    ComplaintStage,
    EarlyWarningRule,
    Incident,
    IncidentLink,
    IncidentStatus,
    LinkStatus,
    OutboundMessage,
)
from tests.browser.session import login
from tests.factories import (
    CategoryFactory,
    CustomerFactory,
    DepartmentFactory,
    ServiceCenterFactory,
    TicketFactory,
    make_staff,
)
from tickets.models import Role, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAGE_TEXT = "华东仓分拣系统故障已修复，积压包裹正在加急发出，预计明天送达。"
FINAL_TEXT = "积压包裹已全部发出，每单补偿运费10元，已原路退回。给您添麻烦了，非常抱歉。"


@pytest.fixture
def world(transactional_db):
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    head = make_staff(Role.DEPT_HEAD, logistics, username="log_head", first_name="部长", last_name="孙")
    logistics.head = head
    logistics.save(update_fields=["head"])
    make_staff(Role.AGENT, center, username="agent", first_name="小王", last_name="王")
    make_staff(Role.AGENT, center, username="caller", first_name="小李", last_name="李")
    lead = make_staff(Role.TEAM_LEAD, center, username="lead", first_name="班长", last_name="陈")
    manager = make_staff(Role.SERVICE_MANAGER, center, username="manager", first_name="经理", last_name="赵")
    late = CategoryFactory(code="late", name="配送延误", name_en="Late delivery", default_department=logistics)
    quiet = CategoryFactory(code="invoice", name="发票问题", name_en="Invoices")
    # The beat's rule (a transactional test starts without the migration's rows).
    EarlyWarningRule.objects.all().delete()
    EarlyWarningRule.objects.create(name="按投诉类别", dimension="category", window_minutes=60, baseline_weeks=4,
                                    min_count=5, k=3)
    # History: the same hour of the last four weeks — a couple of late deliveries a
    # week, and invoices at their usual three (so the window is not compared with nothing).
    now = timezone.now()
    old_customer = CustomerFactory(name="老客户", phone="13500000000")
    for weeks, late_count in ((1, 1), (2, 2), (3, 1), (4, 2)):
        at = now - timedelta(weeks=weeks, minutes=20)
        for category, count in ((late, late_count), (quiet, 3)):
            for _ in range(count):
                TicketFactory(kind="complaint", category=category, customer=old_customer, created_at=at,
                              updated_at=at)
    customers = [CustomerFactory(name=name, phone=f"1380013{i:04d}", email="")
                 for i, name in enumerate(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏"])]
    return {"late": late, "quiet": quiet, "lead": lead, "manager": manager, "head": head, "customers": customers}


def api_intake(browser, base, customer, category, title):
    """One complaint through the public API, as the telephony integration posts it."""
    context = browser.new_context()
    try:
        token = context.request.post(f"{base}/api/v1/auth/token/",
                                     form={"username": "agent", "password": "pass12345"}).json()["token"]
        response = context.request.post(
            f"{base}/api/v1/complaints/", headers={"Authorization": f"Token {token}"},
            data={"customer": customer.pk, "title": title, "category": category.pk, "channel": "hotline",
                  "desired_remedy": "尽快送达并补偿运费", "order_numbers": [f"SO{customer.pk:06d}"]})
        assert response.status == 201, response.text()
        return Complaint.objects.get(pk=response.json()["id"])
    finally:
        context.close()


def test_burst_alert_confirm_broadcast_resolve(page, browser, live_server, world, shots):
    base = live_server.url
    late, quiet = world["late"], world["quiet"]
    burst = [api_intake(browser, base, c, late, f"订单{i + 1}超过三天未送达")
             for i, c in enumerate(world["customers"][:6])]
    api_intake(browser, base, world["customers"][6], quiet, "发票抬头开错")
    # The API stamps "now"; the detection window ends at the current 5-minute tick, so
    # the burst is spread over the last half hour before it (as a real one would be).
    now = timezone.now()
    for i, complaint in enumerate(burst):
        Ticket.objects.filter(pk=complaint.ticket_id).update(created_at=now - timedelta(minutes=8 + 4 * i))

    # The beat's task, in-process: one alert (late deliveries), none for the invoices.
    from complaints.tasks import early_warning_detect

    assert early_warning_detect() == 1
    incident = Incident.objects.get()
    assert (incident.status, incident.category, incident.responsible_department) == (
        IncidentStatus.SUSPECTED, late, late.default_department)
    assert early_warning_detect() == 0  # the next run of the same tick raises nothing new

    # The lead: the header badge, then the notification that links to the incident.
    login(page, base, "lead", language="zh-hans")
    assert page.locator("[data-testid=nav-incidents-suspected]").inner_text().startswith("1")
    page.goto(f"{base}/notifications/")
    page.locator("a", has_text=incident.title).first.click()
    incident_url = f"{base}/complaints/incidents/{incident.pk}/"
    page.wait_for_url(incident_url)
    assert "6" in page.locator("main").inner_text()  # the alert's count is shown with its baseline
    page.screenshot(path=str(shots / "incident-suspected.png"), full_page=True)

    page.locator("[data-testid=confirm]").click()
    page.wait_for_url(incident_url)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CONFIRMED and incident.decided_by == world["lead"]
    assert page.locator("[data-testid=nav-incidents-suspected]").count() == 0  # nothing awaits a decision
    links = page.locator("[data-testid=incident-links] tbody tr")
    assert links.count() == 6

    # A late delivery taken in now is suggested to the confirmed master at intake.
    latecomer = api_intake(browser, base, world["customers"][6], late, "催了三次还没送到")
    assert IncidentLink.objects.get(incident=incident, complaint=latecomer).status == LinkStatus.SUGGESTED
    page.reload()
    assert page.locator("[data-testid=incident-links]", has_text=latecomer.ticket.number).count() == 1

    page.locator("[data-testid=link-all]").click()
    page.wait_for_url(incident_url)
    children = [*burst, latecomer]
    assert set(IncidentLink.objects.filter(incident=incident, status=LinkStatus.LINKED)
               .values_list("complaint_id", flat=True)) == {c.pk for c in children}

    page.locator("#bc-body").fill(STAGE_TEXT)
    page.locator("[data-testid=broadcast]").click()
    page.wait_for_url(incident_url)
    assert STAGE_TEXT in page.locator("main").inner_text()

    page.locator("#resolution").fill(FINAL_TEXT)
    page.locator("[data-testid=resolve]").click()
    page.wait_for_url(incident_url)
    page.screenshot(path=str(shots / "incident-resolved.png"), full_page=True)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RESOLVED

    for child in children:
        child.refresh_from_db()
        assert child.stage == ComplaintStage.ANSWERED and child.final_reply == FINAL_TEXT
        for purpose, text in (("stage_reply", STAGE_TEXT), ("final_reply", FINAL_TEXT)):
            [message] = OutboundMessage.objects.filter(complaint=child, purpose=purpose)
            assert message.body.startswith(text)
            assert child.ticket.number in message.body and f"/track/{child.tracking_token}/" in message.body
        task = CallbackTask.objects.get(complaint=child)
        assert task.status == "open" and task.assignee is not None

    # A child's customer on a phone: both replies on their tracking page.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    try:
        customer_page = phone.new_page()
        customer_page.goto(f"{base}/track/{latecomer.tracking_token}/")
        text = customer_page.locator("main").inner_text()
        assert STAGE_TEXT in text and FINAL_TEXT in text
        assert not re.search(r"班长|陈|小王", text)
    finally:
        phone.close()

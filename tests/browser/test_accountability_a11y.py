"""The accountability and improvement pages in Chromium, as test_pages_a11y checks the
main pages (same axe rules, CSP, phone width), in Chinese and English: the department
head's findings with the answer forms, the manager's disputed findings with the decision
form, the finding page, the complaint panel with the close step's root-cause fields, the
improvement list (overdue marker), detail with its buttons and the propose form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import ImprovementAction, RootCause
from complaints.services import complaint_assess, complaint_create, complaint_final_reply
from complaints.services.accountability import finding_dispute, finding_record
from complaints.services.improvements import improvement_propose
from tests.browser.session import login
from tests.browser.test_pages_a11y import AXE, AXE_PATH, AXE_RUN, DESKTOP, LANGUAGES, OVERFLOW, PHONE
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db):
    now = timezone.now()
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    agent = make_staff(Role.AGENT, center, username="acc_agent", first_name="芳", last_name="王")
    caller = make_staff(Role.AGENT, center, username="acc_caller", first_name="娜", last_name="李")
    lead = make_staff(Role.TEAM_LEAD, center, username="acc_lead", first_name="静", last_name="陈")
    make_staff(Role.SERVICE_MANAGER, center, username="acc_manager", first_name="磊", last_name="赵")
    make_staff(Role.DEPT_STAFF, logistics, username="acc_staff", first_name="霞", last_name="徐")
    head = make_staff(Role.DEPT_HEAD, logistics, username="acc_head", first_name="军", last_name="吴")
    logistics.head = head
    logistics.save(update_fields=["head"])
    cause, _ = RootCause.objects.get_or_create(code="logistics", defaults={"name": "物流延误或破损",
                                                                           "name_en": "Logistics delay or damage"})
    category = CategoryFactory(code="late-delivery", name="配送延误", name_en="Late delivery",
                               default_department=logistics)

    def complaint(title):
        c = complaint_create(actor=agent, customer=CustomerFactory(name="张三"), category=category, title=title,
                             channel="hotline", desired_remedy="赔偿运费", now=now - timedelta(hours=5))
        ticket_assign(ticket=c.ticket, actor=agent, assignee=agent, now=now - timedelta(hours=5))
        return complaint_assess(actor=agent, complaint=c, severity="general", now=now - timedelta(hours=4))

    pending = finding_record(actor=agent, complaint=complaint("快递延误五天仍未送达"), root_cause=cause,
                             responsible_department=logistics, note="中转站爆仓", now=now - timedelta(hours=3))
    disputed = finding_record(actor=agent, complaint=complaint("包裹显示签收但本人未收到"), root_cause=cause,
                              responsible_department=logistics, now=now - timedelta(hours=3))
    finding_dispute(actor=head, finding=disputed, reason="快递员已按约定放入快递柜", now=now - timedelta(hours=2))
    open_loop = complaint_final_reply(actor=agent, complaint=complaint("发错了颜色和尺码"), body="已为您补发",
                                      caller=caller, now=now - timedelta(hours=2))
    overdue = improvement_propose(actor=lead, department=logistics, category=category,
                                  suggestion="大促期间对爆仓中转站启用备用承运商，并每日通报滞留件清单",
                                  due_at=now + timedelta(days=1), now=now - timedelta(days=10))
    ImprovementAction.objects.filter(pk=overdue.pk).update(due_at=now - timedelta(days=1))
    return {"pending": pending, "disputed": disputed, "ticket": open_loop.ticket_id, "improvement": overdue.pk}


def pages(data) -> dict:
    finding, improvement = data["pending"].pk, data["improvement"]
    return {
        "acc_head": ["/complaints/findings/department/", f"/complaints/findings/{finding}/",
                     f"/complaints/improvements/{improvement}/"],
        "acc_manager": ["/complaints/findings/disputed/", "/complaints/findings/", f"/tickets/{data['ticket']}/"],
        "acc_lead": ["/complaints/improvements/", "/complaints/improvements/new/"],
    }


@pytest.mark.parametrize("username", ["acc_head", "acc_manager", "acc_lead"])
def test_accountability_pages_are_accessible_and_fit_a_phone(browser, live_server, data, username):
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.route(f"{base}{AXE_PATH}", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    login(page, base, username)
    problems = []
    try:
        for language in LANGUAGES:
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(size)
                for path in pages(data)[username]:
                    where = f"{username} {path} {language} {size_name}"
                    response = page.goto(f"{base}{path}")
                    if response.status != 200:
                        problems.append(f"{where}: HTTP {response.status}")
                        continue
                    if size_name == "phone":
                        layout = page.evaluate(OVERFLOW)
                        if layout["scrollWidth"] > layout["innerWidth"]:
                            problems.append(f"{where}: page scrolls sideways {layout}")
                    page.add_script_tag(url=f"{base}{AXE_PATH}")
                    problems += [f"{where}: {v}" for v in page.evaluate(AXE_RUN)]
                    problems += [f"{where}: CSP refused: {text[:200]}" for text in refused]
                    refused.clear()
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

"""A department head does their work from a phone (390×844): from the folded menu they
answer the question transferred to their department, read their department's SLA page
and sign the agreement waiting for their signature — without the page ever scrolling
sideways."""

import pytest
from django.utils import timezone

from sla.models import AgreementStatus, AgreementVersion
from sla.services.agreements import agreement_submit
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tests.sla.agreement_helpers import make_calendar, make_draft
from tickets.models import Role, Transfer, TransferStatus
from tickets.services import ticket_create, transfer_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def work(transactional_db):
    now = timezone.now()
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王")
    manager = make_staff(Role.SERVICE_MANAGER, center, username="manager", first_name="磊", last_name="赵")
    make_staff(Role.DEPT_HEAD, logistics, username="logistics_head", first_name="丽", last_name="周")
    ticket = ticket_create(actor=agent, customer=CustomerFactory(name="张三"), title="包裹三天未更新",
                           channel="hotline", category=CategoryFactory(default_department=logistics))
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="请查询包裹位置")
    draft = make_draft(actor=manager, clients=[logistics], provider=center, calendar=make_calendar(),
                       effective_from=timezone.localdate(now), now=now, title="物流部与客服中心内部服务水平协议")
    agreement_submit(version=draft, actor=manager, now=now)
    return {"transfer": transfer, "draft": draft}


def open_menu_and_go(page, label):
    page.locator("[data-menu-toggle]").click()
    page.locator("nav.topnav a", has_text=label).click()
    page.wait_for_load_state()
    assert page.evaluate(SIDEWAYS) <= 0, f"{label}: the page scrolls sideways"


def test_department_head_answers_and_signs_from_a_phone(browser, live_server, work, shots):
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", "logistics_head")
        page.fill("input[name=password]", "pass12345")
        page.click("button[type=submit].btn-primary")
        page.wait_for_load_state()
        assert not page.locator("nav.topnav").is_visible()  # folded behind the menu button

        # Answer the question in the department inbox.
        open_menu_and_go(page, "部门待办")
        card = page.locator(".transfer-card", has_text="请查询包裹位置")
        card.locator("textarea").first.fill("包裹在分拣中心，明天派送")
        card.locator("[data-testid=answer-button]").click()
        page.wait_for_load_state()
        transfer = Transfer.objects.get(pk=work["transfer"].pk)
        assert transfer.status == TransferStatus.REPLIED and "明天派送" in transfer.answer
        page.screenshot(path=str(shots / "phone-head-answered.png"), full_page=True)

        # Their department's SLA page reads on a phone.
        open_menu_and_go(page, "部门SLA")

        # Sign the agreement waiting for the department's signature.
        open_menu_and_go(page, "内部SLA协议")
        page.locator("table a", has_text="物流部与客服中心内部服务水平协议").first.click()
        page.wait_for_url(f"**/sla/agreements/versions/{work['draft'].pk}/")
        assert page.evaluate(SIDEWAYS) <= 0
        sign = page.locator("[data-testid=sign] button")
        assert "物流部" in sign.inner_text()
        sign.click()
        page.wait_for_load_state()
        version = AgreementVersion.objects.get(pk=work["draft"].pk)
        assert version.signatures.filter(department__code="logistics").exists()
        assert version.status == AgreementStatus.AWAITING_SIGNATURES  # the center has not signed yet
        page.screenshot(path=str(shots / "phone-head-signed.png"), full_page=True)
        assert page.evaluate(SIDEWAYS) <= 0

        # "Log out" is in the menu, inside the screen.
        page.locator("[data-menu-toggle]").click()
        page.locator("form.logout button").click()
        page.wait_for_url("**/accounts/login/")
    finally:
        context.close()

"""Signing an internal SLA agreement in a real browser, the way a newcomer does it:
the service manager finds the draft under 内部SLA协议, submits it and signs for the
service center (乙方); the merchandise head follows the notification bell to the
agreement and signs for 商品部 (甲方); the agreement is active and in force, and its
printable view has numbered sections and both signatures."""

import re

import pytest
from django.utils import timezone

from sla.models import AgreementStatus, AgreementVersion
from tests.browser.session import login, logout
from tests.factories import DepartmentFactory, ServiceCenterFactory, make_staff
from tests.sla.agreement_helpers import make_calendar, make_draft
from tickets.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHINESE_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


@pytest.fixture
def draft(transactional_db):
    now = timezone.now()
    center = ServiceCenterFactory()
    merchandise = DepartmentFactory(code="merchandise", name="商品部", name_en="Merchandise")
    manager = make_staff(Role.SERVICE_MANAGER, center, username="manager", first_name="磊", last_name="赵")
    make_staff(Role.DEPT_HEAD, merchandise, username="merch_head", first_name="丽", last_name="周")
    return make_draft(actor=manager, clients=[merchandise], provider=center, calendar=make_calendar(),
                      effective_from=timezone.localdate(now), now=now)


def status(page) -> str:
    return page.locator("[data-testid=status]").inner_text().strip()


def test_heads_sign_a_draft_and_it_becomes_active(page, live_server, draft, shots):
    base = live_server.url
    url = re.compile(rf"/sla/agreements/versions/{draft.pk}/$")

    # The manager finds the draft from the navigation, submits it and signs for the center.
    login(page, base, "manager")
    page.locator("nav.topnav a", has_text="内部SLA协议").click()
    page.locator("table a", has_text=draft.title).click()
    page.wait_for_url(url)
    assert status(page) == "草稿"
    page.locator("button", has_text="提交签署").click()
    page.wait_for_url(url)
    assert status(page) == "待签署"
    sign = page.locator("[data-testid=sign] button")
    assert "客服中心" in sign.inner_text()
    sign.click()
    page.wait_for_url(url)
    assert status(page) == "待签署"  # the other party has not signed yet
    assert page.locator("[data-testid=sign]").count() == 0
    logout(page)

    # The merchandise head was asked to sign: the bell leads to the agreement.
    login(page, base, "merch_head")
    page.locator("a.bell.has-unread").click()
    page.locator(".notifications a", has_text=draft.agreement.code).click()
    page.wait_for_url(url)
    sign = page.locator("[data-testid=sign] button")
    assert "商品部" in sign.inner_text()
    sign.click()
    page.wait_for_url(url)
    assert status(page) == "生效中"
    assert page.locator(".badge", has_text="今日生效中").count() == 1
    signatures = page.locator("section.panel", has_text="签署情况").inner_text()
    assert "周丽" in signatures and "赵磊" in signatures
    page.screenshot(path=str(shots / "sla_agreement_active.png"), full_page=True)

    version = AgreementVersion.objects.get(pk=draft.pk)
    assert version.status == AgreementStatus.ACTIVE and version.is_in_force(timezone.localdate())
    assert sorted(version.signatures.values_list("department__code", flat=True)) == ["merchandise",
                                                                                     "service-center"]

    # The printable agreement: sections numbered 一、… 十二、 in order, both signatures.
    page.locator("a", has_text="打印版协议").click()
    page.wait_for_url(re.compile(rf"/sla/agreements/versions/{draft.pk}/print/$"))
    doc = page.locator("article.agreement-doc")
    headings = [h.strip() for h in doc.locator("h2").all_inner_texts()]
    assert [h.split("、")[0] for h in headings] == CHINESE_NUMERALS, headings
    assert headings[-1] == "十二、签署情况"
    block = doc.locator(".signatures").inner_text()
    today = timezone.localdate().isoformat()
    assert re.search(r"甲方.*商品部.*周丽.*" + today, block, re.S), block
    assert re.search(r"乙方.*客服中心.*赵磊.*" + today, block, re.S), block
    assert doc.locator(".sign-line").count() == 0  # no blank signature line left
    page.screenshot(path=str(shots / "sla_agreement_print.png"), full_page=True)

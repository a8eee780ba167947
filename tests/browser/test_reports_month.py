"""The monthly close in a real browser: the logistics head opens their dashboard, sees
the missed department-reply indicator of the closed month and appeals its penalty; the
service manager waives it and locks the month; the printed report shows the final
penalties (two late replies, ¥1,000 each, to the staff on duty at the due instants)."""

import re
from datetime import date

import pytest

from reports.models import Violation
from reports.services import month_close
from tests.browser.session import login, logout
from tests.reports.conftest import *  # noqa: F403 - the sample agreement fixtures
from tests.reports.conftest import CLOSE_NOW, reply_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_appeals_manager_waives_locks_and_prints(page, live_server, agreement, logistics, people, delivery,
                                                       settings, shots):
    settings.REPORTS_APPEAL_DAYS = 100000  # the March appeal window stays open whatever today is
    reply_month(month=3, met=18, breached=2, department=logistics, people=people, category=delivery)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    missed = Violation.objects.get(kind="missed_indicator")
    base = live_server.url

    login(page, base, "logistics_head")
    page.locator("nav.topnav a", has_text="报表").click()
    card = page.locator("[data-testid=last-close]")
    assert "部门回复及时率" in card.inner_text()
    assert card.locator("li [data-testid=missed]").count() == 1  # the one missed indicator
    page.screenshot(path=str(shots / "reports_dashboard_head.png"), full_page=True)
    card.locator("[data-testid=why]").click()
    page.wait_for_url(re.compile(rf"/reports/closes/{missed.close_id}/$"))
    article = page.locator(f"#violation-{missed.pk}")
    article.locator("summary", has_text="申诉").click()
    article.locator("textarea[name=reason]").fill("系统升级导致工单推送延迟，附运维事件单")
    article.locator("button", has_text="提交申诉").click()
    page.wait_for_load_state()
    assert "申诉已提交" in page.locator(".flashes").inner_text()
    assert page.locator(f"#violation-{missed.pk} [data-testid=appeal-status]").inner_text().strip() == "待处理"
    logout(page)

    login(page, base, "manager")
    page.goto(f"{base}/reports/closes/{missed.close_id}/")
    article = page.locator(f"#violation-{missed.pk}")
    article.locator("input[name=reason]").fill("运维事件属实，豁免")
    article.locator("[data-testid=waive]").click()
    page.wait_for_load_state()
    assert "已豁免" in page.locator(f"#violation-{missed.pk} [data-testid=appeal-status]").inner_text()
    assert page.locator("[data-testid=penalty-total]").inner_text() == "¥2000.00"
    page.goto(f"{base}/reports/2026-03/")
    page.locator("[data-testid=lock]").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=month-status]").inner_text().strip() == "已锁定"

    page.goto(f"{base}/reports/closes/{missed.close_id}/print/")
    assert page.locator("[data-testid=print-total]").inner_text() == "¥2000.00"
    notices = page.locator("[data-testid=notice]")
    assert notices.count() == 2  # the two staff on duty; the head's penalty was waived
    assert "终版" in page.content()
    page.emulate_media(media="print")
    page.screenshot(path=str(shots / "reports_print.png"), full_page=True)

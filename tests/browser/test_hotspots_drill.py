"""A service manager opens the hotspot page in Chromium: the charts draw (ECharts,
no CSP refusal), the table under each chart holds the same figures, and a category
row drills down to the complaint list filtered to that category and period."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.services import complaint_create
from tests.factories import CategoryFactory, CustomerFactory, ServiceCenterFactory, make_staff
from tickets.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    now = timezone.now()
    center = ServiceCenterFactory()
    agent = make_staff(Role.AGENT, center, username="agent")
    make_staff(Role.SERVICE_MANAGER, center, username="manager")
    customer = CustomerFactory(name="张三")
    late = CategoryFactory(code="late", name="配送延误")
    broken = CategoryFactory(code="broken", name="商品破损")
    start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    when = max(start + timedelta(minutes=5), now - timedelta(hours=2))
    for i, (category, title) in enumerate([(late, "快递延误三天"), (late, "包裹延误未送达"), (broken, "收到商品破损")]):
        complaint_create(actor=agent, customer=customer, category=category, title=title, channel="hotline",
                         desired_remedy="赔偿运费", now=when + timedelta(minutes=i))
    return {"late": late}


def test_manager_reads_hotspots_and_drills_down(page, live_server, world, shots):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", "pass12345")
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state()
    page.locator("nav.topnav a", has_text="热点分析").first.click()
    page.wait_for_load_state()
    assert "/complaints/hotspots/" in page.url
    section = page.locator("[data-testid=hotspot-category]")
    section.locator("[data-hotspot-chart] canvas").first.wait_for()  # ECharts drew it
    rows = section.locator("table").first.locator("tbody tr")
    assert rows.first.locator("td").nth(0).inner_text() == "配送延误"
    assert rows.first.locator("td").nth(1).inner_text() == "2"
    page.locator("[data-testid=hotspot-terms] [data-hotspot-chart] canvas").first.wait_for()
    assert "延误" in page.locator("[data-testid=hotspot-terms] table").inner_text()
    page.screenshot(path=str(shots / "hotspots.png"), full_page=True)

    rows.first.locator("a").click()
    page.wait_for_load_state()
    assert "/complaints/?" in page.url and f"category={world['late'].pk}" in page.url
    listing = page.locator("[data-testid=complaints] tbody").inner_text()
    assert "快递延误三天" in listing and "包裹延误未送达" in listing and "收到商品破损" not in listing
    assert page.locator("[data-testid=drill-down]").is_visible()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors

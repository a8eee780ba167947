"""Every main page of every role, in Chinese and English, at desktop (1366×768) and
phone (390×844) size, in real Chromium:

- axe-core (WCAG 2.0/2.1 A and AA rules) finds no serious or critical violation;
- the Content-Security-Policy refuses nothing on the page (no inline style or script);
- at phone size nothing makes the page scroll sideways
  (`document.documentElement.scrollWidth <= innerWidth`), the header menu opens from its
  button, and "Log out" is inside it with good contrast.

The page list is data: MAIN_PAGES names the URL names of each role's main pages. A page
whose URL name does not exist (an app not there yet) is skipped; add a colleague's new
page by adding its URL name here (with how to find its object in OBJECT_KWARGS when it
takes one). Screenshots of the phone layout go to $SHOTS_DIR (default /tmp/shots)."""

import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.browser.session import login
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tests.sla.agreement_helpers import make_active, make_calendar
from tickets.models import Role
from tickets.services import ticket_create, transfer_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_PATH = "/static/__tests__/axe.min.js"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("zh-hans", "en")

# The main pages of each role, by URL name. Pages that take an object say how to find it
# in OBJECT_KWARGS.
MAIN_PAGES = {
    "agent": ["tickets:workbench", "tickets:new", "tickets:detail", "tickets:customer", "tickets:notifications",
              "sla:calendar_list", "sla:agreement_list", "complaints:list", "complaints:new", "qa:evaluations",
              "knowledge:list"],
    "lead": ["tickets:workbench", "tickets:inbox", "tickets:detail", "sla:department_sla", "complaints:list",
             "complaints:approvals", "complaints:callbacks", "qa:evaluations", "qa:performance", "reports:dashboard",
             "knowledge:new", "knowledge:ranking", "complaints:incidents", "complaints:incident"],
    "manager": ["sla:calendar_list", "sla:calendar_detail", "sla:agreement_list", "sla:agreement_version",
                "sla:agreement_print", "reports:dashboard", "reports:months", "reports:kpi", "reports:staffing",
                "reports:orders", "reports:exports", "complaints:seat_groups", "qa:stars", "qa:calibrations"],
    "qa": ["qa:evaluations", "qa:disputes", "qa:samples", "qa:praise", "qa:contacts",
           "qa:performance"],
    "dept_staff": ["tickets:inbox", "tickets:detail", "sla:department_sla", "sla:agreement_list"],
    "dept_head": ["tickets:inbox", "sla:department_sla", "sla:agreement_list", "sla:agreement_version",
                  "reports:dashboard", "reports:months", "complaints:incidents", "complaints:incident"],
    # Customers, on their phones: the complaint form and the tracking page; and the login.
    "anonymous": ["login", "complaints_public:form", "complaints_public:track"],
}
OBJECT_KWARGS = {
    "tickets:detail": lambda data: {"pk": data["ticket"].pk},
    "tickets:customer": lambda data: {"pk": data["ticket"].customer_id},
    "sla:calendar_detail": lambda data: {"pk": data["calendar"].pk},
    "sla:agreement_version": lambda data: {"pk": data["agreement"].pk},
    "sla:agreement_print": lambda data: {"pk": data["agreement"].pk},
    "complaints_public:track": lambda data: {"token": data["complaint"].tracking_token},
    "complaints:incident": lambda data: {"pk": data["incident"].pk},
    "reports:kpi": lambda data: {"month": timezone.localdate().strftime("%Y-%m")},
}
USERS = {"agent": "a11y_agent", "lead": "a11y_lead", "manager": "a11y_manager", "qa": "a11y_qa",
         "dept_staff": "a11y_staff", "dept_head": "logistics_head"}

AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help} — ` +
         v.nodes.slice(0, 4).map(n => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\\s+/g, " ")
                                       .slice(0, 160)).join(" | "));
}"""
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll("body *")].filter(el => {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(style.overflowX) && p !== document.documentElement && p !== document.body)
        return false;  // clipped or scrolled inside its own box
    }
    return true;
  }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "")
                           + " right=" + Math.round(el.getBoundingClientRect().right));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
}"""


@pytest.fixture
def data(transactional_db):
    now = timezone.now()
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    agent = make_staff(Role.AGENT, center, username=USERS["agent"], first_name="小王")
    make_staff(Role.TEAM_LEAD, center, username=USERS["lead"], first_name="班长")
    make_staff(Role.QA_SPECIALIST, center, username=USERS["qa"], first_name="质检")
    manager = make_staff(Role.SERVICE_MANAGER, center, username=USERS["manager"], first_name="磊", last_name="赵")
    make_staff(Role.DEPT_STAFF, logistics, username=USERS["dept_staff"], first_name="老李")
    head = make_staff(Role.DEPT_HEAD, logistics, username=USERS["dept_head"], first_name="丽", last_name="周")
    category = CategoryFactory(code="late", name="配送延误", name_en="Late delivery", default_department=logistics)
    customer = CustomerFactory(name="张三", phone="13812345678", tier="vip")
    ticket = ticket_create(actor=agent, customer=customer, title="快递三天未更新，客户要求尽快处理并回电说明情况",
                           channel="hotline", category=category, description="订单 A123 三天无物流信息")
    transfer_create(ticket=ticket, actor=agent, department=logistics, question="请查询订单 A123 的物流位置")
    calendar = make_calendar()
    agreement = make_active(manager=manager, head=head, clients=[logistics], provider=center, calendar=calendar,
                            now=now, effective_from=timezone.localdate(now), title="物流部与客服中心内部服务水平协议")
    complaint = _complaint(agent, customer, category, now)
    return {"ticket": ticket, "calendar": calendar, "agreement": agreement, "complaint": complaint,
            "incident": _incident(category, logistics, now)}


def _incident(category, logistics, now):
    """A confirmed batch incident logistics answers for, its matching complaint suggested."""
    from django.contrib.auth import get_user_model

    from complaints.services.incidents import incident_confirm, incident_open

    lead = get_user_model().objects.get(username=USERS["lead"])
    incident = incident_open(actor=lead, title="华东仓分拣故障导致配送延误", category=category,
                             responsible_department=logistics, now=now)
    return incident_confirm(actor=lead, incident=incident, major_reasons=["many_customers"], now=now)


def _complaint(agent, customer, category, now):
    try:
        from complaints.services.intake import complaint_create
    except ImportError:  # the complaints app is not there
        return None
    return complaint_create(actor=agent, customer=customer, title="商品破损要求退货", category=category,
                            desired_remedy="退货退款", channel="hotline", description="收到的杯子有裂纹", now=now)


def page_urls(role: str, data) -> list[tuple[str, str]]:
    urls = []
    for name in MAIN_PAGES[role]:
        try:
            urls.append((name, reverse(name, kwargs=OBJECT_KWARGS[name](data) if name in OBJECT_KWARGS else None)))
        except (NoReverseMatch, AttributeError):
            continue  # that app's page is not there (yet)
    return urls


def check_phone_header(page) -> list[str]:
    problems = []
    toggle = page.locator("[data-menu-toggle]")
    if not toggle.is_visible():
        return ["the menu button is not visible at phone size"]
    if page.locator("nav.topnav").is_visible():
        problems.append("the menu is open before the button is pressed")
    toggle.click()
    if toggle.get_attribute("aria-expanded") != "true" or not page.locator("nav.topnav a").first.is_visible():
        problems.append("the menu button does not open the menu")
    logout = page.locator("form.logout button")
    if not logout.is_visible():
        problems.append("'Log out' cannot be reached from the menu")
    else:
        box = logout.bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"] + 1:
            problems.append(f"'Log out' is outside the screen: {box}")
    toggle.click()
    return problems


def shoot_open_menu(page, path):
    page.locator("[data-menu-toggle]").click()
    page.screenshot(path=path)
    page.locator("[data-menu-toggle]").click()


@pytest.mark.parametrize("role", sorted(MAIN_PAGES))
def test_main_pages_are_accessible_and_fit_a_phone(browser, live_server, data, shots, role):
    base = live_server.url
    urls = page_urls(role, data)
    assert urls, f"no main page of {role} resolves"
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    # axe is served as if it were one of our static files, so the page's CSP allows it.
    context.route(f"{base}{AXE_PATH}", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []  # what the Content-Security-Policy blocked (an inline style or script)
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    if role in USERS:
        login(page, base, USERS[role])
    problems = []
    try:
        for language in LANGUAGES:
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(size)
                for name, path in urls:
                    where = f"{role} {name} {language} {size_name}"
                    response = page.goto(f"{base}{path}")
                    if response.status != 200:
                        problems.append(f"{where}: HTTP {response.status}")
                        continue
                    assert page.locator("html").get_attribute("lang") == language
                    if size_name == "phone":
                        layout = page.evaluate(OVERFLOW)
                        if layout["scrollWidth"] > layout["innerWidth"]:
                            problems.append(f"{where}: page scrolls sideways {layout}")
                        if language == "zh-hans":
                            slug = re.sub(r"\W+", "-", name)
                            page.screenshot(path=str(shots / f"phone-{role}-{slug}.png"), full_page=True)
                        if name == urls[0][0] and role in USERS:
                            problems += [f"{where}: {p}" for p in check_phone_header(page)]
                            if language == "zh-hans":
                                shoot_open_menu(page, str(shots / f"phone-{role}-menu-open.png"))
                    page.add_script_tag(url=f"{base}{AXE_PATH}")
                    problems += [f"{where}: {v}" for v in page.evaluate(AXE_RUN)]
                    problems += [f"{where}: CSP refused: {text[:200]}" for text in refused]
                    refused.clear()
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

"""Keyboard users keep their place: after a reply, a status change or a transfer (each
an htmx swap of the ticket body) focus is back on the control they used — or, when
that control is gone (the move is no longer offered), on the result message — and the
result is read out by the live region (role=status)."""

import pytest

from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, cls: el.className, action: el.dataset.action || "",
          form: el.closest("form") ? (el.closest("form").getAttribute("hx-post") || "") : "",
          panel: el.closest("[data-testid]") ? el.closest("[data-testid]").dataset.testid : "",
          text: el.textContent.trim().slice(0, 80)};
}"""


@pytest.fixture
def ticket(transactional_db):
    center = ServiceCenterFactory()
    DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王")
    category = CategoryFactory(code="late", name="配送延误", name_en="Late delivery")
    return ticket_create(actor=agent, customer=CustomerFactory(name="张三"), title="快递未更新", channel="hotline",
                         category=category)


def press(page, selector):
    """Activate a control from the keyboard and wait for the announced result."""
    page.evaluate("document.getElementById('live-status').textContent = ''")
    page.locator(selector).focus()
    page.keyboard.press("Enter")
    live = page.locator("#live-status")
    for _attempt in range(100):  # wait_for_function would need 'unsafe-eval', which the CSP refuses
        if live.text_content().strip():
            break
        page.wait_for_timeout(100)
    return live.text_content().strip()


def test_focus_stays_where_the_user_acted_and_results_are_announced(page, live_server, ticket):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "agent")
    page.fill("input[name=password]", "pass12345")
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state()
    page.goto(f"{base}/tickets/{ticket.pk}/")
    assert page.locator("#live-status[role=status]").count() == 1

    # A reply: focus is back on the reply form's Send button, the confirmation is read out.
    page.fill("[data-testid=reply-form] textarea[name=body]", "您好，已为您催促物流。")
    announced = press(page, "[data-testid=reply-form] button[type=submit]")
    page.locator(".timeline li", has_text="已为您催促物流").wait_for()
    active = page.evaluate(ACTIVE)
    assert active["panel"] == "reply-form" and active["tag"] == "BUTTON", active
    assert announced

    # A status move: its button is gone afterwards, so focus lands on the result message.
    assert page.locator("[data-testid=transitions] button[data-action=start]").count() == 1
    announced = press(page, "[data-testid=transitions] button[data-action=start]")
    page.locator(".badge.st-in_progress").first.wait_for()
    active = page.evaluate(ACTIVE)
    assert "flash" in active["cls"], active
    assert announced and announced in active["text"]

    # A transfer: focus stays in the transfer panel (or on the result), announced.
    panel = page.locator("[data-testid=transfer-panel]")
    panel.locator("select[name=department]").select_option(label="物流部")
    panel.locator("textarea[name=question]").fill("请查询物流位置")
    announced = press(page, "[data-testid=transfer-panel] button[type=submit]")
    page.wait_for_selector(".timeline li.tl-transfer")
    active = page.evaluate(ACTIVE)
    assert active["panel"] == "transfer-panel" or "flash" in active["cls"], active
    assert active["tag"] != "BODY"
    assert announced

"""Issue 11 in a real browser: the agent rates a department's answer on the ticket page
("Not satisfied" with a reason, then "Satisfied"); htmx swaps the ticket in place and
the current rating shows (no inline script or style: the CSP stays strict)."""


import pytest
from playwright.sync_api import expect

from tests.browser.session import login
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import AnswerRating, Role, TicketEvent, Transfer
from tickets.services import ticket_create, transfer_answer, transfer_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def answered(transactional_db):
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王")
    staff = make_staff(Role.DEPT_STAFF, logistics, username="wuliu", first_name="老李")
    category = CategoryFactory(code="late", name="配送延误", name_en="Late delivery", default_department=logistics)
    ticket = ticket_create(actor=agent, customer=CustomerFactory(name="张三"), title="快递三天未更新",
                           channel="hotline", category=category)
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="包裹在哪？")
    return transfer_answer(transfer=transfer, actor=staff, answer="明天送达")


def test_agent_rates_the_answer(page, live_server, answered, shots):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url
    login(page, base, "agent")
    page.goto(f"{base}/tickets/{answered.ticket_id}/")

    form = page.locator("[data-testid=rate-form]")
    form.locator("[data-testid=rate-unsatisfied]").click()  # no reason: refused with a message
    page.wait_for_selector("[data-testid=rate-form] [role=alert]")
    page.locator("[data-testid=rate-form] input[name=reason]").fill("没有给出具体时间")
    page.locator("[data-testid=rate-unsatisfied]").click()
    page.wait_for_selector("[data-testid=rating-value]")
    assert "不满意" in page.inner_text("[data-testid=transfer-rating]")
    assert "没有给出具体时间" in page.inner_text("[data-testid=transfer-rating]")

    page.locator("[data-testid=rate-satisfied]").click()
    expect(page.locator("[data-testid=rating-value]")).to_have_text("满意")
    row = Transfer.objects.get(pk=answered.pk)
    assert row.answer_rating == AnswerRating.SATISFIED and row.answer_rating_reason == ""
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.TRANSFER_RATED).count() == 2
    assert not [e for e in errors if "Content Security Policy" in e]
    page.screenshot(path=str(shots / "transfer_rating.png"), full_page=True)  # injects a caret style: last

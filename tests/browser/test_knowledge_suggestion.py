"""Issue 9 §6 in a real browser: an agent opens a refund ticket, sees the knowledge
suggestions (same category first), marks one as used; the page comes back with the
"used" badge and the event in the timeline (no CSP refusal)."""


import pytest
from playwright.sync_api import expect

from knowledge.models import ArticleUse
from knowledge.services import article_create
from tests.browser.session import login
from tests.factories import CategoryFactory, CustomerFactory, ServiceCenterFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def refund_ticket(transactional_db):
    center = ServiceCenterFactory()
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王")
    lead = make_staff(Role.TEAM_LEAD, center, username="lead")
    refund = CategoryFactory(code="refund-delay", name="退款延迟", name_en="Refund delay")
    other = CategoryFactory(code="login", name="登录问题", name_en="Login")
    article_create(actor=lead, title="退款到账时间说明", body="微信、支付宝 **1-3 个工作日**到账。", status="published",
                   categories=[refund], tags=["退款"])
    article_create(actor=lead, title="登录验证码收不到的排查", body="检查短信拦截。", status="published",
                   categories=[other])
    return ticket_create(actor=agent, customer=CustomerFactory(name="张三"), title="退款一周还没到账",
                         channel="hotline", category=refund, assignee=agent)


def test_agent_marks_a_suggested_article_as_used(page, live_server, refund_ticket, shots):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url
    login(page, base, "agent")
    page.goto(f"{base}/tickets/{refund_ticket.pk}/")

    panel = page.locator("[data-testid=kb-panel]")
    expect(panel).to_contain_text("知识推荐")
    first = panel.locator("[data-testid=kb-suggestion]").first
    expect(first).to_contain_text("退款到账时间说明")
    expect(first).to_contain_text("同分类")
    first.locator("[data-testid=kb-mark-used]").click()
    expect(page.locator("[data-testid=kb-panel] [data-testid=kb-used]")).to_have_count(1)
    expect(page.locator(".flash-success")).to_contain_text("已标记为已使用")
    use = ArticleUse.objects.get()
    assert use.ticket_id == refund_ticket.pk and use.user.username == "agent"
    assert use.article.title == "退款到账时间说明"
    page.locator("[data-testid=kb-panel] a", has_text="退款到账时间说明").click()
    expect(page.locator("[data-testid=kb-body] strong")).to_have_text("1-3 个工作日")
    expect(page.locator("[data-testid=kb-uses]")).to_have_text("1")
    assert not [e for e in errors if "Content Security Policy" in e]
    page.screenshot(path=str(shots / "knowledge_suggestion.png"), full_page=True)

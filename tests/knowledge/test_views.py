"""The knowledge pages in Chinese and English: list with search and filters, an
article (escaped), the editors' form, the ranking, the ticket panel and its post."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from knowledge.models import Article, ArticleUse
from knowledge.services import USED_EVENT
from tickets.models import TicketEvent

from .conftest import write

pytestmark = pytest.mark.django_db


def login(user, language="zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_list_search_and_filters(agent, articles, tree):
    client = login(agent)
    page = client.get("/knowledge/").content.decode()
    assert "知识库" in page and "退款到账时间说明" in page and "批量投诉预警" not in page
    found = client.get("/knowledge/", {"q": "发票开错了怎么重开", "sort": "relevance"}).content.decode()
    assert "电子发票开具与重开流程" in found and "会员等级与权益说明" not in found
    by_tag = client.get("/knowledge/", {"tag": "物流"}).content.decode()
    assert "物流超过72小时未更新的处理" in by_tag and "电子发票" not in by_tag
    by_category = client.get("/knowledge/", {"category": tree["refund"].pk}).content.decode()
    assert "退款超时未到账的核查步骤" in by_category and "物流超过" not in by_category
    # Bad parameters are ignored on pages, never a 500.
    for params in ({"category": "x"}, {"sort": "bad"}, {"status": "x"}, {"page": "99"}, {"q": "，"}):
        assert client.get("/knowledge/", params).status_code == 200
    english = login(agent, "en").get("/knowledge/").content.decode()
    assert "Knowledge base" in english and "Usage ranking" in english


def test_article_page_escapes_author_html(lead, agent):
    article = write(lead, "XSS 测试", "<script>alert(1)</script>\n**粗体**")
    page = login(agent).get(f"/knowledge/{article.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<strong>粗体</strong>" in page
    assert "<script>alert(1)" not in page


def test_drafts_and_pages_are_hidden_from_who_may_not_see_them(agent, lead, merchandise_staff, articles):
    draft = articles["draft"].pk
    assert login(lead).get(f"/knowledge/{draft}/").status_code == 200
    assert login(agent).get(f"/knowledge/{draft}/").status_code == 404
    assert login(merchandise_staff).get(f"/knowledge/{draft}/").status_code == 404
    assert login(merchandise_staff).get(f"/knowledge/{articles['late'].pk}/").status_code == 200
    assert login(agent).get("/knowledge/new/").status_code == 404
    assert login(agent).get(f"/knowledge/{articles['late'].pk}/edit/").status_code == 404
    nobody = get_user_model().objects.create_user("nobody")
    assert login(nobody).get("/knowledge/").status_code == 404
    assert Client().get("/knowledge/").status_code == 302  # to the login page


def test_editor_creates_and_edits_an_article(lead, tree):
    client = login(lead)
    assert client.get("/knowledge/new/").status_code == 200
    refused = client.post("/knowledge/new/", {"title": "", "body": "x", "status": "published"})
    assert refused.status_code == 400 and Article.objects.count() == 0
    response = client.post("/knowledge/new/", {"title": "取消订单与拦截发货", "body": "未发货订单可自助取消。",
                                               "status": "published", "categories": [tree["late"].pk],
                                               "tags": "取消订单，拦截"})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == f"/knowledge/{article.pk}/"
    assert sorted(t.name for t in article.tags.all()) == ["取消订单", "拦截"] and article.author == lead
    assert client.get(f"/knowledge/{article.pk}/edit/").status_code == 200
    client.post(f"/knowledge/{article.pk}/edit/", {"title": "取消订单", "body": "改", "status": "draft", "tags": ""})
    article.refresh_from_db()
    assert (article.title, article.status, article.tags.count()) == ("取消订单", "draft", 0)


def test_ranking_page(agent, articles, refund_ticket):
    client = login(agent)
    client.post(f"/knowledge/tickets/{refund_ticket.pk}/use/", {"article": articles["refund_time"].pk})
    page = client.get("/knowledge/ranking/", {"days": "7"}).content.decode()
    assert "使用排行" in page and "退款到账时间说明" in page
    assert client.get("/knowledge/ranking/", {"days": "abc"}).status_code == 200


def test_ticket_page_panel_and_mark_used(agent, other_agent, logistics_staff, articles, refund_ticket):
    client = login(agent)
    page = client.get(f"/tickets/{refund_ticket.pk}/").content.decode()
    assert 'data-testid="kb-panel"' in page and "退款到账时间说明" in page and "标记为已使用" in page
    assert "批量投诉预警" not in page  # a draft is never suggested
    use = f"/knowledge/tickets/{refund_ticket.pk}/use/"
    response = client.post(use, {"article": articles["refund_time"].pk})
    assert response.status_code == 302 and response.url == f"/tickets/{refund_ticket.pk}/"
    client.post(use, {"article": articles["refund_time"].pk})  # twice: still one use
    assert ArticleUse.objects.count() == 1
    assert TicketEvent.objects.filter(ticket=refund_ticket, kind=USED_EVENT).count() == 1
    page = client.get(f"/tickets/{refund_ticket.pk}/").content.decode()
    assert 'data-testid="kb-used"' in page and "已使用知识文章" in page  # the badge and the timeline event
    assert client.post(use, {"article": "x"}).status_code == 302  # a message, nothing saved
    assert client.post(use, {"article": "987654321"}).status_code == 404
    assert client.post(use, {"article": articles["draft"].pk}).status_code == 404
    assert login(other_agent).post(use, {"article": articles["late"].pk}).status_code == 404
    assert login(logistics_staff).post(use, {"article": articles["late"].pk}).status_code == 404
    assert ArticleUse.objects.count() == 1

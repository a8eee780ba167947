"""The knowledge admin answers, and writes articles through the services."""

import pytest
from django.contrib.auth import get_user_model

from knowledge.models import Article
from knowledge.services import article_mark_used

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x"))
    return client


def test_admin_pages_load(admin_client, agent, articles, refund_ticket):
    article_mark_used(actor=agent, article=articles["late"], ticket=refund_ticket, now=NOW)
    for url in ("/admin/knowledge/article/", "/admin/knowledge/article/add/",
                f"/admin/knowledge/article/{articles['late'].pk}/change/", "/admin/knowledge/articleuse/",
                "/admin/knowledge/tag/", "/admin/knowledge/article/?q=退款"):
        assert admin_client.get(url).status_code == 200, url


def test_admin_add_goes_through_the_service(admin_client, tree):
    response = admin_client.post("/admin/knowledge/article/add/", {
        "title": "增值税专用发票申请条件", "body": "仅向企业客户开具。", "status": "published",
        "categories": [tree["invoice"].pk], "tag_names": "发票, 企业客户"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.author.username == "root" and article.published_at is not None
    assert sorted(t.name for t in article.tags.all()) == ["企业客户", "发票"]
    refused = admin_client.post(f"/admin/knowledge/article/{article.pk}/change/", {
        "title": "增值税专用发票申请条件", "body": "x", "status": "published", "tag_names": ",".join("abcdefghijk")})
    assert refused.status_code == 302  # the service's refusal comes back as a message
    assert article.tags.count() == 2 and Article.objects.get().body == "仅向企业客户开具。"

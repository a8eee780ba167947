"""The knowledge API: scoping (drafts and customers → 404), editors' writes, the
suggestions and "mark as used" of a ticket, and bad input answered 400/404/409."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from knowledge.models import Article, ArticleUse

from .conftest import write

pytestmark = pytest.mark.django_db

BASE = "/api/v1/knowledge"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_list_and_search(agent, articles):
    body = api(agent).get(f"{BASE}/articles/").json()
    assert body["count"] == 5  # the draft is not listed for an agent
    found = api(agent).get(f"{BASE}/articles/", {"q": "退款多久到账"}).json()["results"]
    assert found[0]["id"] == articles["refund_time"].pk and found[0]["relevance"] > 0
    assert found[0]["tags"] == ["到账时效", "退款"] and found[0]["categories"][0]["code"] == "refund-delay"
    assert api(agent).get(f"{BASE}/articles/", {"tag": "发票"}).json()["count"] == 1


def test_editor_sees_drafts_agent_and_department_do_not(agent, lead, logistics_staff, articles):
    draft = articles["draft"].pk
    assert api(lead).get(f"{BASE}/articles/{draft}/").status_code == 200
    assert api(agent).get(f"{BASE}/articles/{draft}/").status_code == 404
    assert api(logistics_staff).get(f"{BASE}/articles/{draft}/").status_code == 404
    published = api(logistics_staff).get(f"{BASE}/articles/{articles['late'].pk}/")
    assert published.status_code == 200 and "<p>" in published.json()["body_html"]


def test_no_knowledge_for_users_without_a_role_or_anonymous(articles):
    nobody = get_user_model().objects.create_user("customer_like")
    assert api(nobody).get(f"{BASE}/articles/").status_code == 404
    assert api(nobody).get(f"{BASE}/articles/{articles['late'].pk}/").status_code == 404
    assert api().get(f"{BASE}/articles/").status_code in (401, 403)


def test_create_and_update_by_editors_only(agent, qa_user, tree, articles):
    payload = {"title": "  退货运费由谁承担 ", "body": "质量问题由我方承担。", "status": "published",
               "categories": [tree["refund"].pk], "tags": ["退货", "运费", "退货"]}
    assert api(agent).post(f"{BASE}/articles/", payload, format="json").status_code == 403
    created = api(qa_user).post(f"{BASE}/articles/", payload, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["title"] == "退货运费由谁承担" and sorted(data["tags"]) == ["运费", "退货"]
    assert data["author"]["username"] == "qa" and data["published_at"]
    changed = api(qa_user).put(f"{BASE}/articles/{data['id']}/", {**payload, "body": "改了", "status": "draft"},
                               format="json")
    assert changed.status_code == 200 and changed.json()["body"] == "改了"
    without_status = {k: v for k, v in payload.items() if k != "status"}
    refused = api(qa_user).put(f"{BASE}/articles/{data['id']}/", without_status, format="json")
    assert refused.status_code == 400 and "status" in refused.json()["fields"]
    assert api(agent).put(f"{BASE}/articles/{articles['late'].pk}/", payload, format="json").status_code == 403
    assert api(agent).put(f"{BASE}/articles/{articles['draft'].pk}/", payload, format="json").status_code == 404


@pytest.mark.parametrize(("params", "field"), [
    ({"sort": "nonsense"}, "sort"),
    ({"status": "archived"}, "status"),
    ({"category": "abc"}, "category"),
    ({"category": "0"}, "category"),
    ({"q": "退" * 101}, "q"),
])
def test_bad_list_parameters_are_400(agent, articles, params, field):
    response = api(agent).get(f"{BASE}/articles/", params)
    assert response.status_code == 400 and field in response.json()["fields"]


def test_unknown_category_id_finds_nothing(agent, articles):
    assert api(agent).get(f"{BASE}/articles/", {"category": "987654321"}).json()["count"] == 0


@pytest.mark.parametrize(("payload", "field"), [
    ({"body": "x"}, "title"),
    ({"title": "x"}, "body"),
    ({"title": "x", "body": "y", "status": "archived"}, "status"),
    ({"title": "x", "body": "y", "categories": [987654321]}, "categories"),
    ({"title": "x", "body": "y", "tags": ["t"] * 11}, "tags"),
    ({"title": "x", "body": "y", "tags": ["长" * 31]}, "tags"),
    ({"title": "x" * 201, "body": "y"}, "title"),
    ({"title": "   ", "body": "y"}, "title"),
])
def test_bad_article_bodies_are_400_and_nothing_is_saved(lead, articles, payload, field):
    before = Article.objects.count()
    response = api(lead).post(f"{BASE}/articles/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json().get("fields", {}) or response.json()["detail"]
    assert Article.objects.count() == before


def test_suggestions_and_mark_used(agent, other_agent, articles, refund_ticket):
    url = f"{BASE}/tickets/{refund_ticket.pk}/suggestions/"
    rows = api(agent).get(url).json()
    assert rows[0]["category_rank"] == 2 and not rows[0]["used"]
    assert api(other_agent).get(url).status_code == 404  # a ticket the other agent does not see
    use_url = f"{BASE}/tickets/{refund_ticket.pk}/article-uses/"
    first = api(agent).post(use_url, {"article": rows[0]["id"]}, format="json")
    assert first.status_code == 201 and first.json()["created"] is True
    again = api(agent).post(use_url, {"article": rows[0]["id"]}, format="json")
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["id"] == first.json()["id"]
    assert api(agent).get(url).json()[0]["used"] is True
    assert api(other_agent).post(use_url, {"article": rows[0]["id"]}, format="json").status_code == 404
    assert ArticleUse.objects.count() == 1
    ranking = api(agent).get(f"{BASE}/ranking/", {"days": 7}).json()
    assert [(row["id"], row["period_uses"]) for row in ranking] == [(rows[0]["id"], 1)]


def test_mark_used_bad_input(agent, lead, articles, refund_ticket):
    use_url = f"{BASE}/tickets/{refund_ticket.pk}/article-uses/"
    assert api(agent).post(use_url, {}, format="json").status_code == 400
    assert api(agent).post(use_url, {"article": "x"}, format="json").status_code == 400
    assert api(agent).post(use_url, {"article": 987654321}, format="json").status_code == 404
    assert api(agent).post(use_url, {"article": articles["draft"].pk}, format="json").status_code == 404
    conflict = api(lead).post(use_url, {"article": articles["draft"].pk}, format="json")
    assert conflict.status_code == 409 and conflict.json()["code"] == "not_published"
    assert api(agent).post(f"{BASE}/tickets/987654321/article-uses/", {"article": articles["late"].pk},
                           format="json").status_code == 404
    assert api(agent).get(f"{BASE}/ranking/", {"days": "5"}).status_code == 400



def test_list_queries_do_not_grow_with_rows(agent, lead, articles, tree, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        api(agent).get(f"{BASE}/articles/", {"q": "退款"})
    for i in range(10):  # more rows of every kind: categories, tags
        write(lead, f"退款补充说明{i}", "退款", [tree["refund-delay"], tree["invoice"]], [f"标签{i}", "退款"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api(agent).get(f"{BASE}/articles/", {"q": "退款"}).json()["count"] == 12

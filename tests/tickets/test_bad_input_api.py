"""Hostile and malformed input through the API: clear 4xx with a message, nothing
saved, never a 500; markup is data, stored and returned verbatim."""

import pytest
from rest_framework.test import APIClient

from tests.factories import TicketFactory
from tickets.models import Comment, Ticket, TicketEvent, TicketStatus
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db

LIST = "/api/v1/tickets/"
SCRIPT = '<script>alert("x")</script><a href="javascript:alert(1)">点我</a>'


@pytest.fixture
def api(agent):
    client = APIClient()
    client.force_login(agent)
    return client


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="原标题", channel="hotline", category=category)


def raw_post(api, url, raw: bytes, method="post"):
    return getattr(api, method)(url, data=raw, content_type="application/json")


def create_body(customer, category, **fields) -> dict:
    return {"customer": customer.pk, "title": "标题", "channel": "hotline", "category": category.pk, **fields}


@pytest.mark.parametrize("title", ["a\x00b", "\x00"])
def test_nul_byte_in_title_is_400(api, customer, category, title):
    response = api.post(LIST, create_body(customer, category, title=title))
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["title"]  # refused by slacenter.inputs, before the serializer
    assert not Ticket.objects.exists()


def test_lone_surrogate_in_title_is_400(api, customer, category):
    raw = (b'{"customer": %d, "category": %d, "channel": "hotline", "title": "a\\ud800"}'
           % (customer.pk, category.pk))
    response = raw_post(api, LIST, raw)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["title"]  # refused by slacenter.inputs, before the serializer
    assert not Ticket.objects.exists()


def test_lone_surrogate_in_patch_is_400(api, ticket):
    response = raw_post(api, f"{LIST}{ticket.pk}/", b'{"description": "x\\udfff"}', method="patch")
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.description == ""


@pytest.mark.parametrize("raw", [b'{"body": "a\\u0000b"}', b'{"body": "\\ud800\\ud800"}'])
def test_bad_characters_in_comment_are_400(api, ticket, raw):
    response = raw_post(api, f"{LIST}{ticket.pk}/comments/", raw)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["body"]
    assert not Comment.objects.exists()


def test_malformed_json_is_400(api, ticket):
    response = raw_post(api, f"{LIST}{ticket.pk}/comments/", b'{"body": ')
    assert response.status_code == 400
    assert response.json()["detail"]


def test_markup_is_stored_and_returned_verbatim(api, customer, category):
    response = api.post(LIST, create_body(customer, category, title=SCRIPT[:200], description=SCRIPT))
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["title"] == SCRIPT[:200] and body["description"] == SCRIPT
    ticket = Ticket.objects.get()
    assert ticket.title == SCRIPT[:200]
    comment = api.post(f"{LIST}{ticket.pk}/comments/", {"body": SCRIPT})
    assert comment.status_code == 201 and comment.json()["body"] == SCRIPT
    assert api.get(f"{LIST}{ticket.pk}/").json()["comments"][0]["body"] == SCRIPT


def test_illegal_transition_is_409_with_allowed_moves(api, ticket):
    before = ticket.events.count()
    response = api.post(f"{LIST}{ticket.pk}/transition/", {"action": "close"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition"
    assert set(body["allowed"]) == {"start", "wait_customer", "resolve", "cancel"}
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW and ticket.events.count() == before


def test_unknown_action_is_409_and_system_move_refused(api, ticket):
    assert api.post(f"{LIST}{ticket.pk}/transition/", {"action": "explode"}).status_code == 409
    assert api.post(f"{LIST}{ticket.pk}/transition/", {"action": "await_department"}).status_code == 409
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW


def test_reason_required_is_400(api, ticket):
    response = api.post(f"{LIST}{ticket.pk}/transition/", {"action": "cancel"})
    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"


def test_legal_transition_is_200(api, ticket):
    response = api.post(f"{LIST}{ticket.pk}/transition/", {"action": "resolve", "reason": "已解决"})
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    assert {a["action"] for a in response.json()["allowed_actions"]} == {"close", "reopen"}


@pytest.mark.parametrize("body", [{"status": "closed"}, {"number": "T0"}, {"responsible_department": 9}])
def test_writes_to_workflow_fields_are_400_and_change_nothing(api, ticket, body):
    snapshot = Ticket.objects.values("status", "number", "responsible_department").get(pk=ticket.pk)
    response = api.patch(f"{LIST}{ticket.pk}/", {**body, "title": "改了"})
    assert response.status_code == 400
    field = next(iter(body))
    assert "title" in response.json()["fields"][field][0]  # the message lists the writable fields
    assert Ticket.objects.values("status", "number", "responsible_department").get(pk=ticket.pk) == snapshot
    assert Ticket.objects.get(pk=ticket.pk).title == "原标题"
    assert not ticket.events.filter(kind=TicketEvent.Kind.FIELD_CHANGED).exists()


def test_ten_megabyte_json_is_413(api, ticket):
    raw = b'{"body": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = raw_post(api, f"{LIST}{ticket.pk}/comments/", raw)
    assert response.status_code == 413
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["status=bogus", "priority=9", "kind=x", "channel=fax", "category=abc",
     "department=99999999999999999999", "assignee=someone", "customer=-1", "created_after=yesterday",
     "q=%00"],
)
def test_unknown_filter_values_are_400(api, center, category, query):
    TicketFactory(responsible_department=center, category=category)
    response = api.get(f"{LIST}?{query}")
    assert response.status_code == 400, response.content
    assert "results" not in response.json()


def test_an_unknown_id_filters_to_nothing_like_an_out_of_scope_one(api, center, category):
    """A well-formed id that does not exist narrows to nothing (slacenter.filtering):
    the answer cannot tell it from an id outside the user's scope."""
    TicketFactory(responsible_department=center, category=category)
    response = api.get(f"{LIST}?category=999999")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_unknown_filter_names_are_ignored_not_widening(api, center, category, other_agent):
    TicketFactory(responsible_department=center, category=category, assignee=other_agent,
                  status=TicketStatus.IN_PROGRESS)  # out of the agent's scope
    response = api.get(f"{LIST}?scope=all&assignee__isnull=false")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=99999999999999999999", "page_size=abc"])
def test_bad_pagination_is_400(api, query):
    response = api.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert set(response.json()["fields"]) <= {"page", "page_size"}


def test_bad_ids_in_bodies_are_400(api, ticket, customer):
    assert api.post(f"{LIST}{ticket.pk}/assign/", {"assignee": "x"}).status_code == 400
    assert api.post(f"{LIST}{ticket.pk}/assign/", {"assignee": 2**70}).status_code == 400
    assert api.post(f"{LIST}{ticket.pk}/transfers/", {"department": [1], "question": "?"}).status_code == 400
    response = api.post(LIST, {"customer": 2**64, "title": "t", "channel": "hotline", "category": "1"})
    assert response.status_code == 400
    assert api.post(f"{LIST}{ticket.pk}/comments/", ["not", "an", "object"]).status_code == 400


def test_bad_uploads_are_refused(api, ticket):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"{LIST}{ticket.pk}/attachments/"
    fake_pdf = SimpleUploadedFile("invoice.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    assert api.post(url, {"file": fake_pdf}, format="multipart").status_code == 400
    exe = SimpleUploadedFile("run.exe", b"MZ....", content_type="application/octet-stream")
    assert api.post(url, {"file": exe}, format="multipart").status_code == 400
    assert api.post(url, {}, format="multipart").status_code == 400
    assert not ticket.attachments.exists()

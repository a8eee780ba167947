"""The API contract outside the happy path: one error shape everywhere (validation,
domain, 401, 404 — the URL resolver's too — 405, 409), strict paging parameters, and
date-time parameters read one way with bounds (never a database error)."""

import json
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from slacenter.datetimes import parse_datetime_param
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/tickets/"


@pytest.fixture
def api(agent):
    client = APIClient()
    client.force_login(agent)
    return client


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    if code:
        assert body["code"] == code
    for field, messages in body.get("fields", {}).items():
        assert isinstance(field, str) and messages and all(isinstance(m, str) for m in messages)
    return body


@pytest.mark.parametrize("path", ["/api/v1/tickets/0/", "/api/v1/tickets/abc/", "/api/v1/no-such-thing/",
                                  "/api/v1/sla/calendars/1/overrides/2026-02-30/", "/api/v1/tickets/1/x/"])
def test_unmatched_api_urls_answer_json_404(api, path):
    assert_error_shape(api.get(path), 404, "not_found")


def test_unmatched_non_api_url_keeps_the_html_page(api):
    response = api.get("/no-such-page/")
    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")


def test_missing_object_is_the_error_shape(api):
    assert_error_shape(api.get(f"{LIST}999999/"), 404, "not_found")


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Token nope"}])
def test_unauthenticated_is_the_error_shape(headers):
    response = APIClient().get(LIST, **headers)
    # DRF answers 403 rather than 401 when the first authentication class (the session)
    # has no WWW-Authenticate challenge; both are declared in the schema.
    body = assert_error_shape(response, response.status_code)
    assert response.status_code in (401, 403)
    assert body["code"] in {"not_authenticated", "authentication_failed"}


def test_wrong_method_is_405_in_the_error_shape(api):
    body = assert_error_shape(api.delete(LIST), 405, "method_not_allowed")
    assert body["detail"]


def test_field_validation_lists_fields(api, customer):
    body = assert_error_shape(api.post(LIST, {"customer": customer.pk}, format="json"), 400, "invalid")
    assert {"title", "channel"} <= set(body["fields"])
    assert ":" in body["detail"]  # names the first field for people reading it


def test_domain_conflict_keeps_its_code_and_extras(api, agent, customer, category):
    from tickets.services import ticket_create

    ticket = ticket_create(actor=agent, customer=customer, title="t", channel="hotline", category=category)
    body = assert_error_shape(api.post(f"{LIST}{ticket.pk}/transition/", {"action": "close"}, format="json"),
                              409, "illegal_transition")
    assert "start" in body["allowed"]


@pytest.mark.parametrize("query", ["page_size=abc", "page_size=0", "page_size=101", "page_size=1.5",
                                   "page=0", "page=-1", "page=x", "page=%C2%B2"])
def test_bad_paging_parameters_are_400(api, query):
    body = assert_error_shape(api.get(f"{LIST}?{query}"), 400, "invalid")
    assert set(body["fields"]) <= {"page", "page_size"} and body["fields"]


def test_page_size_within_bounds_is_honoured_and_past_the_end_is_404(api, center, category):
    for _i in range(3):
        TicketFactory(responsible_department=center, category=category)
    response = api.get(f"{LIST}?page_size=2")
    assert response.status_code == 200 and len(response.json()["results"]) == 2
    assert_error_shape(api.get(f"{LIST}?page_size=2&page=9"), 404, "not_found")


def test_unknown_ordering_is_400_with_fields(api):
    body = assert_error_shape(api.get(f"{LIST}?ordering=customer__phone"), 400, "invalid")
    assert "ordering" in body["fields"]


@pytest.mark.parametrize("value", [
    "2026-01-01T00:00:00+17:00", "2026-01-01T00:00:00-14:01", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+00:00", "2100-12-31T23:00:00-05:00", "yesterday", "2026-13-01T00:00:00Z", "x" * 100,
])
@pytest.mark.parametrize("url, param", [(LIST, "created_after"), (LIST, "created_before"),
                                        ("/api/v1/sla/clocks/", "due_before")])
def test_out_of_range_date_times_are_400_not_500(api, url, param, value):
    body = assert_error_shape(api.get(url, {param: value}), 400, "invalid")
    assert param in body["fields"]


def test_date_time_parameters_are_normalised_to_utc(api, center, category):
    ticket = TicketFactory(responsible_department=center, category=category)
    created = ticket.created_at.astimezone(UTC)
    same_instant_far_east = created.astimezone(datetime.fromisoformat("2026-01-01T00:00:00+14:00").tzinfo)
    rows = api.get(LIST, {"created_after": same_instant_far_east.isoformat()}).json()["results"]
    assert [r["number"] for r in rows] == [ticket.number]
    rows = api.get(LIST, {"created_before": same_instant_far_east.isoformat()}).json()["results"]
    assert rows == []


@pytest.mark.parametrize("text, expected", [
    ("2026-03-01T08:00:00+08:00", datetime(2026, 3, 1, 0, 0, tzinfo=UTC)),
    ("2026-03-01T08:00:00", datetime(2026, 3, 1, 0, 0, tzinfo=UTC)),  # no offset: Asia/Shanghai
    ("2026-03-01T00:00:00Z", datetime(2026, 3, 1, 0, 0, tzinfo=UTC)),
    ("2026-03-01T14:00:00+14:00", datetime(2026, 3, 1, 0, 0, tzinfo=UTC)),
    ("2026-03-01", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),
])
def test_parse_datetime_param(text, expected):
    parsed = parse_datetime_param(text)
    assert parsed == expected and parsed.tzinfo is UTC


@pytest.mark.parametrize("text", ["2026-03-01T00:00:00+14:30", "1999-12-31T23:59:59Z", "", " ", "2026-03-01T25:00"])
def test_parse_datetime_param_refuses(text):
    with pytest.raises(ValidationError):
        parse_datetime_param(text)


@pytest.mark.parametrize("status", [404, 405, 500, 503])
def test_errors_django_answers_itself_become_the_error_shape(rf, status):
    from django.http import HttpResponse

    from slacenter.api_errors import ApiJsonErrorsMiddleware

    html = HttpResponse("<h1>oops</h1>", status=status, content_type="text/html")
    html["Retry-After"] = "5"
    response = ApiJsonErrorsMiddleware(lambda request: html)(rf.get("/api/v1/whatever/"))
    assert_error_shape(response, status)
    assert response["Retry-After"] == "5"
    page = ApiJsonErrorsMiddleware(lambda request: html)(rf.get("/tickets/"))
    assert page is html  # pages keep their HTML error pages

"""The one input-validation layer (`slacenter.inputs`): deep or key-heavy JSON, NUL
bytes and lone surrogates anywhere, too many fields, and the integer helper."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from slacenter.inputs import MAX_JSON_DEPTH, check_json_shape, parse_int
from tickets.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(agent):
    client = APIClient()
    client.force_login(agent)
    return client


def deep(levels: int) -> bytes:
    return b'{"name": ' + b"[" * levels + b"]" * levels + b"}"


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/customers/", "/api/v1/tickets/"])
def test_deep_json_is_400_everywhere_including_the_token_endpoint(url, agent):
    client = APIClient()
    if url != "/api/v1/auth/token/":
        client.force_login(agent)
    response = client.post(url, data=deep(1000), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_deep"


def test_depth_at_the_bound_reaches_the_view(api):
    response = api.post("/api/v1/customers/", data=deep(MAX_JSON_DEPTH - 1), content_type="application/json")
    assert response.status_code == 400
    assert response.json().get("code") != "too_deep"


def test_too_many_keys_is_400(api):
    body = "{" + ",".join(f'"k{i}": 1' for i in range(1001)) + "}"
    response = api.post("/api/v1/customers/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_keys"


def test_brackets_inside_strings_do_not_count():
    check_json_shape(b'{"a": "' + b"[" * 5000 + b'\\"{{{"}')


def test_nul_in_a_json_key_is_400_and_nothing_saved(api):
    raw = b'{"name": "n", "phone": "13800000000", "external_ids": {"a\\u0000": "x"}}'
    response = api.post("/api/v1/customers/", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["external_ids"]
    assert not Customer.objects.exists()


def test_lone_surrogate_in_a_nested_value_is_400(api):
    raw = b'{"name": "n", "phone": "13800000000", "external_ids": {"m": "\\udc00"}}'
    response = api.post("/api/v1/customers/", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["external_ids.m"]


@pytest.mark.parametrize("url", ["/tickets/?q=%00", "/tickets/new/?customer_q=a%00", "/api/v1/tickets/?q=%00",
                                 "/customers/search/?customer_q=%00", "/api/v1/customers/?q%00=1"])
def test_nul_in_query_parameters_is_400(agent, url):
    client = Client()
    client.force_login(agent)
    assert client.get(url).status_code == 400


def test_nul_in_a_form_field_is_400(agent):
    client = Client()
    client.force_login(agent)
    response = client.post("/customers/new/", {"name": "a\x00", "phone": "13800000000"})
    assert response.status_code == 400
    assert not Customer.objects.exists()


def test_nul_in_the_authorization_header_is_400():
    response = APIClient().get("/api/v1/tickets/", HTTP_AUTHORIZATION="Token abc\x00def")
    assert response.status_code == 400


@pytest.mark.parametrize("debug", [True, False])
def test_too_many_query_fields_is_400_in_every_mode(agent, settings, debug):
    settings.DEBUG = debug
    client = Client()
    client.force_login(agent)
    query = "&".join(f"f{i}=1" for i in range(1100))
    for url in ("/tickets/", "/api/v1/tickets/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert response.json()["code"] == "too_many_fields"


def test_too_many_form_fields_is_400(agent):
    client = Client()
    client.force_login(agent)
    body = "&".join(f"f{i}=1" for i in range(1100))
    response = client.post("/customers/new/", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 7 ", 7), ("-3", -3), ("²", None), ("①", None), ("٣", None), ("1e3", None), ("", None),
     (None, None), ("9" * 30, None), ("0x10", None), ("+5", None), (5, 5), (True, None)],
)
def test_parse_int_reads_ascii_digits_only(raw, expected):
    assert parse_int(raw) == expected


def test_parse_int_bounds_fall_back_to_the_default():
    assert parse_int("2200", 2026, min_value=2001, max_value=2100) == 2026
    assert parse_int("2050", 2026, min_value=2001, max_value=2100) == 2050


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_form_with_bad_input_gets_a_page_not_json(agent):
    client = Client()
    client.force_login(agent)
    response = client.post(
        "/customers/new/", {"name": "a\x00", "phone": "13800000000"},
        HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "请求无法受理" in page and "没有保存任何内容" in page
    assert not Customer.objects.exists()


def test_a_browser_gets_a_page_for_too_many_query_fields_and_the_api_still_json(agent):
    client = Client()
    client.force_login(agent)
    query = "&".join(f"f{i}=1" for i in range(1100))
    page = client.get(f"/tickets/?{query}", HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
    assert "The request could not be accepted" in page.content.decode()
    api = client.get(f"/api/v1/tickets/?{query}", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert api.status_code == 400 and api.json()["code"] == "too_many_fields"

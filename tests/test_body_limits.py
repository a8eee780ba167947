"""Oversized request bodies are refused with 413 and a message — by the middleware
before anything reads them, or by the attachment service for a file just over its
limit — never a 500 or a generic 400."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from slacenter.middleware import BodySizeLimitMiddleware
from tickets.models import Attachment
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="发票问题", channel="email", category=category)


def _json_body(size: int) -> bytes:
    return json.dumps({"title": "x" * size, "channel": "hotline"}).encode()


@pytest.mark.parametrize("logged_in", [True, False])
def test_ten_megabyte_json_is_413(client, agent, logged_in):
    if logged_in:
        client.force_login(agent)
    body = _json_body(10 * MB)
    response = client.post("/api/v1/tickets/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.request["CONTENT_LENGTH"] == str(len(body))  # the client told the truth
    payload = response.json()
    assert payload["code"] == "too_large"
    assert str(len(body)) in payload["detail"] and "2097152" in payload["detail"]


@pytest.mark.parametrize(("language", "words"), [("en", "Request body too large"), ("zh-hans", "请求体过大")])
def test_413_message_in_the_users_language(client, language, words):
    response = client.post(
        "/api/v1/tickets/", data=_json_body(3 * MB), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 413
    assert words in response.json()["detail"]


def test_json_just_under_the_limit_passes_the_middleware(client, agent, settings):
    client.force_login(agent)
    body = _json_body(settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 1000)
    response = client.post("/api/v1/tickets/", data=body, content_type="application/json")
    # Refused by the API's validation (bad ticket), not by size.
    assert response.status_code == 400


def test_multipart_far_over_attachment_limit_is_413_before_parsing(client, agent, ticket, settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    client.force_login(agent)
    upload = SimpleUploadedFile("big.txt", b"a" * (1 * MB + BodySizeLimitMiddleware.MULTIPART_OVERHEAD + 10))
    response = client.post(f"/api/v1/tickets/{ticket.pk}/attachments/", data={"file": upload})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Attachment.objects.exists()


def test_default_limit_refuses_an_eleven_megabyte_upload(client, agent, ticket, settings):
    assert settings.ATTACHMENT_MAX_BYTES == 10 * MB
    client.force_login(agent)
    upload = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (11 * MB + 100))
    response = client.post(f"/api/v1/tickets/{ticket.pk}/attachments/", data={"file": upload})
    assert response.status_code == 413
    assert not Attachment.objects.exists()


def test_file_just_over_attachment_limit_is_413_from_the_service(client, agent, ticket, settings, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = 100_000
    settings.MEDIA_ROOT = tmp_path
    client.force_login(agent)
    upload = SimpleUploadedFile("notes.txt", b"a" * 100_001, content_type="text/plain")
    response = client.post(f"/api/v1/tickets/{ticket.pk}/attachments/", data={"file": upload})
    assert response.status_code == 413
    assert "100000" in json.dumps(response.json())
    assert not Attachment.objects.exists()


def test_file_within_the_limit_is_stored(client, agent, ticket, settings, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = 100_000
    settings.MEDIA_ROOT = tmp_path
    client.force_login(agent)
    upload = SimpleUploadedFile("notes.txt", b"a" * 100_000, content_type="text/plain")
    response = client.post(f"/api/v1/tickets/{ticket.pk}/attachments/", data={"file": upload})
    assert response.status_code == 201, response.content
    assert Attachment.objects.get().size == 100_000


def test_a_browser_upload_far_over_the_limit_gets_a_413_page(client, agent, ticket, settings):
    client.force_login(agent)
    settings.ATTACHMENT_MAX_BYTES = 1000
    body = b"x" * (settings.ATTACHMENT_MAX_BYTES + 2 * MB)
    response = client.generic(
        "POST", f"/tickets/{ticket.pk}/", body, content_type="multipart/form-data; boundary=zz",
        HTTP_ACCEPT="text/html,*/*;q=0.8", HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Request too large" in response.content.decode()

"""Issue 7 part 3: one length limit per field, in the service, for every interface; the
leading bytes of every allowed attachment type are checked."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from slacenter.errors import DomainError
from tickets import limits
from tickets.models import Attachment, Comment, Customer, Ticket, Transfer
from tickets.services import attachment_add, comment_add, customer_create, ticket_create, transfer_create
from tickets.services.attachments import CONTENT_CHECKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="限长", channel="hotline", category=category)


def test_comment_limit_holds_in_the_service_api_and_page(agent, ticket):
    with pytest.raises(DomainError) as refused:
        comment_add(ticket=ticket, actor=agent, body="长" * (limits.COMMENT + 1))
    assert refused.value.code == "too_long"
    api = APIClient()
    api.force_login(agent)
    response = api.post(f"/api/v1/tickets/{ticket.pk}/comments/", {"body": "x" * 1_900_000}, format="json")
    assert response.status_code == 400
    page = Client()
    page.force_login(agent)
    too_long = {"body": "x" * (limits.COMMENT + 1), "visibility": "internal"}
    response = page.post(f"/tickets/{ticket.pk}/comment/", too_long)
    assert response.status_code == 400
    assert not Comment.objects.exists()
    comment_add(ticket=ticket, actor=agent, body="长" * limits.COMMENT)  # the limit itself is fine


@pytest.mark.parametrize(
    ("url", "body"),
    [("transition/", {"action": "resolve", "reason": "r" * (limits.REASON + 1)}),
     ("transfers/", {"department": None, "question": "q" * (limits.TRANSFER_TEXT + 1)}),
     ("", {"description": "d" * (limits.DESCRIPTION + 1)})],
)
def test_api_limits_match_the_pages(agent, ticket, logistics, url, body):
    if "department" in body:
        body["department"] = logistics.pk
    api = APIClient()
    api.force_login(agent)
    send = api.patch if url == "" else api.post
    before = Ticket.objects.values().get(pk=ticket.pk)
    assert send(f"/api/v1/tickets/{ticket.pk}/{url}", body, format="json").status_code == 400
    assert Ticket.objects.values().get(pk=ticket.pk) == before
    assert not Transfer.objects.exists()


def test_transfer_and_customer_limits_in_the_service(agent, ticket, logistics):
    with pytest.raises(DomainError):
        transfer_create(ticket=ticket, actor=agent, department=logistics, question="q" * (limits.TRANSFER_TEXT + 1))
    with pytest.raises(DomainError):
        customer_create(name="n" * (limits.CUSTOMER_NAME + 1), phone="13800000000")
    with pytest.raises(DomainError):
        customer_create(name="n", phone="13800000000", external_ids={"m": {"nested": "x"}})
    with pytest.raises(DomainError):
        customer_create(name="n", phone="13800000000", external_ids={f"s{i}": "x" for i in range(30)})
    assert Customer.objects.count() == 1  # the fixture's


def test_every_allowed_type_has_a_content_check():
    assert set(settings.ATTACHMENT_ALLOWED_TYPES) <= set(CONTENT_CHECKS)


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [("a.mp3", b"ID3\x04\x00" + b"\x00" * 20, True),
     ("a.mp3", b"\xff\xfb\x90\x64" + b"\x00" * 20, True),
     ("a.mp3", b"<html><script>alert(1)</script>", False),
     ("a.wav", b"RIFF\x24\x08\x00\x00WAVEfmt " + b"\x00" * 20, True),
     ("a.wav", b"<html>RIFF....WAVE</html>", False),
     ("a.wav", b"RIFF\x24\x08\x00\x00AVI " + b"\x00" * 20, False),
     ("a.txt", b"plain text", True),
     ("a.csv", b"a,b\x00c", False),
     ("a.pdf", b"<html>", False)],
)
def test_leading_bytes_decide(agent, ticket, name, content, accepted):
    upload = SimpleUploadedFile(name, content)
    if accepted:
        attachment_add(ticket=ticket, actor=agent, uploaded_file=upload)
        assert Attachment.objects.count() == 1
    else:
        with pytest.raises(DomainError):
            attachment_add(ticket=ticket, actor=agent, uploaded_file=upload)
        assert not Attachment.objects.exists()

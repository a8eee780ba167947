"""Command endpoints are wired to their services: assign, comment, transfer, the
department's answer and bounce, attachments up and down."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tickets.models import Attachment, Comment, TicketEvent, TicketStatus, Transfer
from tickets.services import ticket_create, transfer_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="包裹未送达", channel="hotline", category=category)


def url(ticket, tail=""):
    return f"/api/v1/tickets/{ticket.pk}/{tail}"


def test_agent_takes_ticket_and_lead_reassigns(ticket, agent, other_agent, lead):
    response = client_for(agent).post(url(ticket, "assign/"), {"assignee": agent.pk})
    assert response.status_code == 200
    assert response.json()["assignee"]["username"] == "agent"
    refused = client_for(agent).post(url(ticket, "assign/"), {"assignee": other_agent.pk})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    response = client_for(lead).post(url(ticket, "assign/"), {"assignee": None})
    assert response.status_code == 200 and response.json()["assignee"] is None
    kinds = list(ticket.events.filter(kind=TicketEvent.Kind.ASSIGNED).values_list("new_value", flat=True))
    assert kinds == ["agent", ""]


def test_comment_public_sets_first_response(ticket, agent):
    response = client_for(agent).post(url(ticket, "comments/"), {"body": "您好，已为您查询", "visibility": "public"})
    assert response.status_code == 201
    assert response.json()["visibility"] == "public"
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert ticket.events.filter(kind=TicketEvent.Kind.REPLIED).count() == 1


def test_department_cannot_reply_publicly(ticket, agent, logistics, logistics_staff):
    transfer_create(ticket=ticket, actor=agent, department=logistics, question="在哪？")
    client = client_for(logistics_staff)
    assert client.post(url(ticket, "comments/"), {"body": "内部", "visibility": "internal"}).status_code == 201
    response = client.post(url(ticket, "comments/"), {"body": "对外", "visibility": "public"})
    assert response.status_code == 403
    assert Comment.objects.filter(visibility="public").count() == 0


def test_transfer_answer_round_trip(ticket, agent, logistics, logistics_staff):
    response = client_for(agent).post(url(ticket, "transfers/"), {"department": logistics.pk, "question": "何时到？"})
    assert response.status_code == 201, response.content
    transfer_id = response.json()["id"]
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING_DEPARTMENT
    duplicate = client_for(agent).post(url(ticket, "transfers/"), {"department": logistics.pk, "question": "再问"})
    assert duplicate.status_code == 409
    inbox = client_for(logistics_staff).get("/api/v1/transfers/", {"status": "open"}).json()
    assert [row["id"] for row in inbox["results"]] == [transfer_id]
    assert inbox["results"][0]["ticket"]["number"] == ticket.number
    # Only the receiving department answers.
    assert client_for(agent).post(f"/api/v1/transfers/{transfer_id}/answer/", {"answer": "x"}).status_code == 403
    response = client_for(logistics_staff).post(f"/api/v1/transfers/{transfer_id}/answer/", {"answer": "明天"})
    assert response.status_code == 200 and response.json()["status"] == "replied"
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS
    again = client_for(logistics_staff).post(f"/api/v1/transfers/{transfer_id}/bounce/", {"reason": "不归我们"})
    assert again.status_code == 409
    assert client_for(logistics_staff).get("/api/v1/transfers/", {"status": "open"}).json()["count"] == 0


def test_bounce_needs_reason(ticket, agent, logistics, logistics_staff):
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="?")
    client = client_for(logistics_staff)
    assert client.post(f"/api/v1/transfers/{transfer.pk}/bounce/", {"reason": ""}).status_code == 400
    response = client.post(f"/api/v1/transfers/{transfer.pk}/bounce/", {"reason": "请转商品部"})
    assert response.status_code == 200 and response.json()["status"] == "bounced"
    assert Transfer.objects.get(pk=transfer.pk).answer == "请转商品部"


def test_transfer_to_service_center_refused(ticket, agent, center):
    response = client_for(agent).post(url(ticket, "transfers/"), {"department": center.pk, "question": "?"})
    assert response.status_code == 400
    assert not Transfer.objects.exists()


def test_upload_and_scoped_download(ticket, agent, merchandise_staff):
    upload = SimpleUploadedFile("回执 <1>.pdf", b"%PDF-1.4 proof", content_type="text/html")
    response = client_for(agent).post(url(ticket, "attachments/"), {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "application/pdf" and body["size"] == 14
    assert body["download_url"].endswith(f"/api/v1/attachments/{body['id']}/download/")
    download = client_for(agent).get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 proof"
    assert client_for(merchandise_staff).get(body["download_url"]).status_code == 404
    detail = client_for(agent).get(url(ticket)).json()
    assert [a["original_name"] for a in detail["attachments"]] == ["回执 <1>.pdf"]


def test_download_of_missing_file_is_404(ticket, agent):
    attachment = Attachment.objects.create(
        ticket=ticket, file="gone/missing.pdf", original_name="x.pdf", content_type="application/pdf", size=1,
        created_at=ticket.created_at,
    )
    assert client_for(agent).get(f"/api/v1/attachments/{attachment.pk}/download/").status_code == 404


def test_oversized_upload_is_413(ticket, agent, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.txt", b"x" * 200, content_type="text/plain")
    response = client_for(agent).post(url(ticket, "attachments/"), {"file": upload}, format="multipart")
    assert response.status_code == 413
    assert not Attachment.objects.exists()


def test_comment_with_a_file_is_one_service_in_the_api(ticket, agent):
    """The API and the page save a message and its file through `comment_add`:
    both, or neither."""
    api = client_for(agent)
    good = SimpleUploadedFile("清单.txt", b"hello", content_type="text/plain")
    response = api.post(url(ticket, "comments/"), {"body": "附件在此", "visibility": "internal", "file": good},
                        format="multipart")
    assert response.status_code == 201, response.content
    comment = Comment.objects.get(pk=response.json()["id"])
    assert comment.attachments.get().original_name == "清单.txt"
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = api.post(url(ticket, "comments/"), {"body": "不该留下", "file": bad}, format="multipart")
    assert response.status_code == 400
    assert not Comment.objects.filter(body="不该留下").exists()
    assert api.post(url(ticket, "comments/"), {"body": "只有文字"}, format="json").status_code == 201


def test_comment_add_with_file_service(ticket, agent):
    from slacenter.errors import DomainError
    from tickets.services import comment_add

    comment = comment_add(ticket=ticket, actor=agent, body="照片", uploaded_file=SimpleUploadedFile(
        "a.txt", b"text", content_type="text/plain"))
    assert comment.attachments.count() == 1
    assert TicketEvent.objects.filter(ticket=ticket, kind="attachment_added").count() == 1
    with pytest.raises(DomainError):
        comment_add(ticket=ticket, actor=agent, body="空文件", uploaded_file=SimpleUploadedFile("b.txt", b""))
    assert not Comment.objects.filter(body="空文件").exists()

"""Posts from the browser pages: each calls its service, writes events, and a refused
one shows the error without changing anything."""

import pytest
from django.urls import reverse

from tickets.models import Comment, Customer, Ticket, TicketEvent, TicketStatus, TransferStatus
from tickets.services import ticket_create

from .view_fixtures import *  # noqa: F403 - the `world` fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="包裹未送达", channel="hotline", category=category,
                         assignee=agent)


def test_create_ticket_post(client, agent, customer, category):
    client.force_login(agent)
    response = client.post(reverse("tickets:new"), {
        "customer": customer.pk, "kind": "complaint", "channel": "wechat", "category": category.pk,
        "priority": 3, "title": "快递丢件", "description": "三天没有物流信息", "assign_to_me": "on",
    })
    ticket = Ticket.objects.get(title="快递丢件")
    assert response.status_code == 302 and response["Location"] == reverse("tickets:detail", args=[ticket.pk])
    assert (ticket.kind, ticket.channel, ticket.priority, ticket.assignee) == ("complaint", "wechat", 3, agent)
    assert ticket.events.filter(kind=TicketEvent.Kind.CREATED).exists()


def test_create_ticket_without_customer_shows_error_and_keeps_input(client, agent, category):
    client.force_login(agent)
    response = client.post(reverse("tickets:new"), {
        "kind": "inquiry", "channel": "hotline", "category": category.pk, "priority": 2, "title": "保留我的标题",
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error"' in body and 'value="保留我的标题"' in body
    assert not Ticket.objects.exists()


def test_create_ticket_refused_by_service_for_department_staff(client, world, logistics_staff, customer, category):
    before = Ticket.objects.count()
    client.force_login(logistics_staff)
    response = client.post(reverse("tickets:new"), {
        "customer": customer.pk, "kind": "inquiry", "channel": "hotline", "category": category.pk,
        "priority": 2, "title": "x",
    })
    assert response.status_code == 403 and 'class="error"' in response.content.decode()
    assert Ticket.objects.count() == before


def test_customer_create_inline(client, agent):
    client.force_login(agent)
    response = client.post(reverse("tickets:customer_new"), {"name": "李四", "phone": "139 0000 2222", "tier": "vip"})
    customer = Customer.objects.get(name="李四")
    assert response.status_code == 302 and response["Location"].endswith(f"?customer={customer.pk}")
    response = client.post(reverse("tickets:customer_new"), {"name": "王五", "phone": "abc", "tier": "vip"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    assert not Customer.objects.filter(name="王五").exists()
    response = client.post(reverse("tickets:customer_new"), {"name": "赵六", "phone": "13700001111",
                                                             "tier": "gold"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'data-testid="chosen-customer"' in body and 'hx-swap-oob="true"' in body


def test_reply_and_internal_note(client, agent, ticket):
    client.force_login(agent)
    response = client.post(reverse("tickets:comment", args=[ticket.pk]), {"visibility": "public", "body": "您好"})
    assert response.status_code == 302
    response = client.post(reverse("tickets:comment", args=[ticket.pk]), {"visibility": "internal", "body": "备注"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="ticket-body"')
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert TicketEvent.Kind.REPLIED in kinds and TicketEvent.Kind.COMMENTED in kinds
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None


def test_reply_with_attachment_and_bad_file(client, agent, ticket):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(agent)
    good = SimpleUploadedFile("清单.txt", b"hello", content_type="text/plain")
    client.post(reverse("tickets:comment", args=[ticket.pk]), {"visibility": "public", "body": "附件", "file": good})
    comment = Comment.objects.get(body="附件")
    assert comment.attachments.get().original_name == "清单.txt"
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("tickets:comment", args=[ticket.pk]),
                           {"visibility": "public", "body": "别丢了这段话", "file": bad})
    assert response.status_code == 400
    assert "别丢了这段话" in response.content.decode()  # the text is kept in the box
    assert not Comment.objects.filter(body="别丢了这段话").exists()  # all or nothing


def test_department_staff_cannot_reply_to_customer(client, world, logistics_staff):
    ticket = world.logistics_tickets[0]
    client.force_login(logistics_staff)
    response = client.post(reverse("tickets:comment", args=[ticket.pk]), {"visibility": "public", "body": "x"})
    assert response.status_code == 400  # not a choice offered to them
    response = client.post(reverse("tickets:comment", args=[ticket.pk]), {"visibility": "internal", "body": "查了"})
    assert response.status_code == 302
    assert Comment.objects.filter(body="查了", visibility="internal").exists()


def test_transition_post(client, agent, ticket):
    client.force_login(agent)
    response = client.post(reverse("tickets:transition", args=[ticket.pk]), {"action": "start"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS
    event = ticket.events.latest("id")
    assert (event.kind, event.old_value, event.new_value) == ("status_changed", "new", "in_progress")


def test_illegal_transition_shows_error_and_changes_nothing(client, agent, ticket):
    client.force_login(agent)
    before = ticket.events.count()
    response = client.post(reverse("tickets:transition", args=[ticket.pk]), {"action": "close"})
    assert response.status_code == 409
    assert 'class="error" role="alert"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW and ticket.events.count() == before
    response = client.post(reverse("tickets:transition", args=[ticket.pk]), {"action": "cancel"})  # no reason
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW


def test_transition_via_htmx_returns_fresh_ticket(client, agent, ticket):
    client.force_login(agent)
    response = client.post(reverse("tickets:transition", args=[ticket.pk]), {"action": "cancel", "reason": "重复"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'class="badge st-closed"' in response.content.decode()


def test_assign_edit_and_transfer(client, agent, lead, other_agent, ticket, category, logistics):
    client.force_login(lead)
    response = client.post(reverse("tickets:assign", args=[ticket.pk]), {"assignee": other_agent.pk})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == other_agent
    client.force_login(agent)  # an agent cannot give it to someone else
    response = client.post(reverse("tickets:assign", args=[ticket.pk]), {"assignee": lead.pk})
    assert response.status_code == 403
    # Nor take over a colleague's ticket (issue 7: only the assignee, a lead or a manager).
    response = client.post(reverse("tickets:assign", args=[ticket.pk]), {"take": "on"})
    assert response.status_code == 409
    ticket.refresh_from_db()
    assert ticket.assignee == other_agent
    client.force_login(lead)
    client.post(reverse("tickets:assign", args=[ticket.pk]), {"assignee": agent.pk})
    client.force_login(agent)
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    response = client.post(reverse("tickets:edit", args=[ticket.pk]), {"priority": 4, "category": category.pk})
    ticket.refresh_from_db()
    assert ticket.priority == 4
    assert ticket.events.filter(kind=TicketEvent.Kind.FIELD_CHANGED, field="priority").exists()
    response = client.post(reverse("tickets:transfer", args=[ticket.pk]),
                           {"department": logistics.pk, "question": "请查询物流"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING_DEPARTMENT
    assert ticket.transfers.get().question == "请查询物流"
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "请查询物流" in page and "物流部" in page


def test_transfer_default_department_preselected(client, agent, ticket, category, logistics):
    category.default_department = logistics
    category.save()
    client.force_login(agent)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert f'<option value="{logistics.pk}" selected>' in page


def test_answer_and_bounce_from_inbox(client, world, logistics_staff, merchandise_staff, agent):
    first, second = world.transfers_a
    client.force_login(logistics_staff)
    response = client.post(reverse("tickets:transfer_answer", args=[first.pk]), {f"t{first.pk}-answer": "明天到"})
    assert response.status_code == 302 and response["Location"] == reverse("tickets:inbox")
    first.refresh_from_db()
    assert first.status == TransferStatus.REPLIED and first.answer == "明天到"
    assert Ticket.objects.get(pk=first.ticket_id).status == TicketStatus.IN_PROGRESS
    response = client.post(reverse("tickets:transfer_bounce", args=[second.pk]), {f"t{second.pk}-reason": ""})
    assert response.status_code == 400 and 'class="error" role="alert"' in response.content.decode()
    response = client.post(reverse("tickets:transfer_bounce", args=[second.pk]),
                           {f"t{second.pk}-reason": "不是我们的", "origin": "detail"})
    assert response["Location"] == reverse("tickets:detail", args=[second.ticket_id])
    second.refresh_from_db()
    assert second.status == TransferStatus.BOUNCED
    assert Ticket.objects.get(pk=second.ticket_id).events.filter(kind="transfer_bounced").exists()
    # answering twice is refused; another department's transfer is not even found
    response = client.post(reverse("tickets:transfer_answer", args=[first.pk]), {f"t{first.pk}-answer": "again"})
    assert response.status_code == 409
    other = world.transfers_b[0]
    response = client.post(reverse("tickets:transfer_answer", args=[other.pk]), {f"t{other.pk}-answer": "x"})
    assert response.status_code == 404


def test_agent_cannot_answer_transfer(client, world, agent):
    transfer = world.transfers_a[0]
    client.force_login(agent)
    response = client.post(reverse("tickets:transfer_answer", args=[transfer.pk]), {f"t{transfer.pk}-answer": "x"})
    assert response.status_code == 403
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.OPEN


def test_get_on_post_views_is_405_and_missing_is_404(client, agent, ticket):
    client.force_login(agent)
    assert client.get(reverse("tickets:transition", args=[ticket.pk])).status_code == 405
    assert client.post(reverse("tickets:transition", args=[999999]), {"action": "start"}).status_code == 404
    assert client.get("/tickets/99999999999999999999/").status_code == 404

"""Ticket services without HTTP: creation, edits, assignment, replies, attachments,
customers and notifications. Each rule is checked with what it allows and refuses,
and that a refused call leaves nothing behind."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from slacenter.errors import Conflict, DomainError
from tickets.models import Attachment, Comment, Customer, Notification, Ticket, TicketEvent
from tickets.services import (
    attachment_add,
    comment_add,
    customer_create,
    customer_update,
    notification_mark_read,
    notification_send,
    notifications_dispatch,
    ticket_assign,
    ticket_create,
    ticket_transition,
    ticket_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="退款没到账", channel="wechat", category=category)


def test_numbers_count_per_local_day(agent, customer, category):
    # 23:30 UTC on 21 Nov is 07:30 on 22 Nov in Shanghai: the number uses the local day.
    at = datetime(2026, 11, 21, 23, 30, tzinfo=UTC)
    first = ticket_create(actor=agent, customer=customer, title="a", channel="email", category=category, now=at)
    second = ticket_create(actor=agent, customer=customer, title="b", channel="email", category=category, now=at)
    assert (first.number, second.number) == ("T20261122-000001", "T20261122-000002")


@pytest.mark.parametrize(
    "field, value",
    [("title", "   "), ("channel", "fax"), ("kind", "rumour"), ("priority", 9)],
)
def test_create_rejects_bad_values_and_saves_nothing(agent, customer, category, field, value):
    kwargs = {"title": "ok", "channel": "hotline", "kind": "inquiry", "priority": 2} | {field: value}
    with pytest.raises(DomainError):
        ticket_create(actor=agent, customer=customer, category=category, **kwargs)
    assert Ticket.objects.count() == 0 and TicketEvent.objects.count() == 0


def test_department_staff_cannot_create(logistics_staff, customer, category, center):
    with pytest.raises(DomainError) as exc:
        ticket_create(actor=logistics_staff, customer=customer, title="x", channel="hotline", category=category)
    assert exc.value.status == 403


def test_update_records_each_change(ticket, agent, category):
    from tests.factories import CategoryFactory

    other = CategoryFactory(code="refund")
    ticket_update(ticket=ticket, actor=agent, priority=4, category=other, title="退款没到账（加急）")
    events = ticket.events.filter(kind=TicketEvent.Kind.FIELD_CHANGED).order_by("field")
    assert [(e.field, e.old_value, e.new_value) for e in events] == [
        ("category", str(category.pk), str(other.pk)),
        ("priority", "2", "4"),
        ("title", "退款没到账", "退款没到账（加急）"),
    ]


@pytest.mark.parametrize("field", ["status", "number", "responsible_department", "created_at"])
def test_update_refuses_fields_the_workflow_owns(ticket, agent, field):
    with pytest.raises(DomainError) as exc:
        ticket_update(ticket=ticket, actor=agent, **{field: "closed"})
    assert exc.value.code == "read_only"
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.status, fresh.number) == (ticket.status, ticket.number)


def test_update_of_closed_ticket_is_a_conflict(ticket, agent):
    ticket_transition(ticket=ticket, actor=agent, action="resolve")
    with pytest.raises(DomainError) as exc:
        ticket_update(ticket=ticket, actor=agent, priority=4)
    assert exc.value.status == 409


def test_agent_takes_ticket_but_cannot_assign_others(ticket, agent, other_agent):
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    assert Ticket.objects.get(pk=ticket.pk).assignee == agent
    with pytest.raises(DomainError):
        ticket_assign(ticket=ticket, actor=agent, assignee=other_agent)
    assert Ticket.objects.get(pk=ticket.pk).assignee == agent


def test_lead_assigns_and_event_names_both(ticket, lead, agent, other_agent):
    ticket_assign(ticket=ticket, actor=lead, assignee=agent)
    ticket_assign(ticket=ticket, actor=lead, assignee=other_agent)
    event = ticket.events.filter(kind=TicketEvent.Kind.ASSIGNED).latest("id")
    assert (event.old_value, event.new_value) == ("agent", "agent2")
    assert event.data == {"old": agent.pk, "new": other_agent.pk}


def test_cannot_assign_to_department_staff(ticket, lead, logistics_staff):
    with pytest.raises(DomainError):
        ticket_assign(ticket=ticket, actor=lead, assignee=logistics_staff)


def test_first_public_reply_sets_first_response_once(ticket, agent):
    t0 = ticket.created_at + timedelta(minutes=5)
    comment_add(ticket=ticket, actor=agent, body="内部：先查物流", visibility=Comment.Visibility.INTERNAL, now=t0)
    assert Ticket.objects.get(pk=ticket.pk).first_response_at is None
    comment_add(ticket=ticket, actor=agent, body="您好，已在处理", visibility="public", now=t0 + timedelta(minutes=1))
    comment_add(ticket=ticket, actor=agent, body="更新进度", visibility="public", now=t0 + timedelta(minutes=9))
    assert Ticket.objects.get(pk=ticket.pk).first_response_at == t0 + timedelta(minutes=1)
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == ["created", "commented", "replied", "replied"]


def test_department_staff_may_note_but_not_reply_to_customer(ticket, logistics_staff):
    comment_add(ticket=ticket, actor=logistics_staff, body="查到了", visibility="internal")
    with pytest.raises(DomainError):
        comment_add(ticket=ticket, actor=logistics_staff, body="您好", visibility="public")
    assert Comment.objects.filter(visibility="public").count() == 0


def test_empty_comment_refused(ticket, agent):
    with pytest.raises(DomainError):
        comment_add(ticket=ticket, actor=agent, body=" \n ", visibility="public")
    assert Ticket.objects.get(pk=ticket.pk).first_response_at is None


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_attachment_stored_under_random_name(ticket, agent, media):
    upload = SimpleUploadedFile("../../etc/发票.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = attachment_add(ticket=ticket, actor=agent, uploaded_file=upload)
    assert attachment.original_name == "发票.pdf"
    assert attachment.content_type == "application/pdf"
    stored = media / attachment.file.name
    assert stored.exists() and stored.parent.parent == media and "发票" not in stored.name
    assert ticket.events.filter(kind=TicketEvent.Kind.ATTACHMENT_ADDED).count() == 1


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("run.exe", b"MZ....", "invalid"),
        ("page.html", b"<script>", "invalid"),
        ("photo.png", b"GIF89a fake", "invalid"),
        ("empty.txt", b"", "invalid"),
    ],
)
def test_attachment_refusals(ticket, agent, media, name, content, code):
    with pytest.raises(DomainError) as exc:
        attachment_add(ticket=ticket, actor=agent, uploaded_file=SimpleUploadedFile(name, content))
    assert exc.value.code == code
    assert Attachment.objects.count() == 0 and not any(media.rglob("*.*"))


def test_attachment_too_large_is_413(ticket, agent, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(DomainError) as exc:
        attachment_add(ticket=ticket, actor=agent, uploaded_file=SimpleUploadedFile("a.txt", b"x" * 11))
    assert exc.value.status == 413


def test_customer_phone_is_normalised_and_masked():
    customer = customer_create(name="李四", phone="138-1234 5678", tier="gold")
    assert customer.phone == "13812345678"
    assert customer.masked_phone == "138****5678"
    with pytest.raises(DomainError):
        customer_create(name="王五", phone="call me")
    with pytest.raises(DomainError):
        customer_update(customer=customer, tier="platinum")
    assert Customer.objects.get(pk=customer.pk).tier == "gold"


def test_notification_once_per_key_and_read(agent):
    now = timezone.now()
    first = notification_send(recipient=agent, key="clock:1:warn", subject="即将超时", now=now)
    again = notification_send(recipient=agent, key="clock:1:warn", subject="即将超时", now=now)
    later = notification_send(recipient=agent, key="clock:2:warn", subject="夜间", now=now,
                              deliver_after=now + timedelta(hours=8))
    assert first is not None and again is None and later is not None
    assert notification_mark_read(user=agent, now=now) == 1  # the deferred one is not delivered yet
    assert Notification.objects.get(pk=later.pk).read_at is None


def test_dispatch_mails_due_notifications_exactly_once(agent):
    now = timezone.now()
    notification_send(recipient=agent, key="k1", subject="违约", body="T1 已超时", now=now)
    notification_send(recipient=agent, key="k2", subject="明早", now=now, deliver_after=now + timedelta(hours=1))
    assert notifications_dispatch(now=now) == 1
    assert notifications_dispatch(now=now) == 0
    assert [m.subject for m in mail.outbox] == ["违约"]
    assert notifications_dispatch(now=now + timedelta(hours=2)) == 1


def test_illegal_move_reports_allowed_moves(ticket, agent):
    with pytest.raises(Conflict) as exc:
        ticket_transition(ticket=ticket, actor=agent, action="close")
    assert exc.value.extra["allowed"] == ["start", "wait_customer", "resolve", "cancel"]

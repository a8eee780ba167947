from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from complaints.models import Complaint, ComplaintStage, MessageStatus, OutboundMessage, Severity
from complaints.services import complaint_acknowledge, complaint_assess, message_deliver
from slacenter.errors import Conflict, DomainError
from tickets.models import Notification, Priority, TicketEvent, TicketKind

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_intake_makes_a_complaint_ticket_with_its_record(make_complaint):
    complaint = make_complaint(order_numbers="A1001，A1002", amount_in_dispute="88.50", severity="serious")
    ticket = complaint.ticket
    assert ticket.kind == TicketKind.COMPLAINT
    assert complaint.order_numbers == ["A1001", "A1002"]
    assert complaint.amount_in_dispute == Decimal("88.50")
    assert complaint.stage == ComplaintStage.RECEIVED
    assert ticket.priority == Priority.HIGH  # serious → at least high
    assert len(complaint.tracking_token) >= 22  # ≥ 128 bits, url-safe
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds[:3] == ["created", "complaint.intake", "complaint.routed"]


@pytest.mark.parametrize("field,value", [("desired_remedy", "  "), ("severity", "huge"), ("amount_in_dispute", "-1"),
                                         ("amount_in_dispute", "1.234"), ("flags", ["tv"])])
def test_intake_refuses_bad_input(make_complaint, field, value):
    with pytest.raises(DomainError) as exc:
        make_complaint(**{field: value})
    assert exc.value.extra.get("field") == field


def test_repeat_complaint_within_30_days_links_both(make_complaint):
    first = make_complaint()
    second = make_complaint(now=T0 + timedelta(days=29))
    third = make_complaint(now=T0 + timedelta(days=29 + 31))
    assert second.repeat_of == first
    assert "repeat" in second.flags
    assert list(first.repeats.all()) == [second]
    assert third.repeat_of is None


def test_regulator_flag_makes_it_major_and_alerts_manager_and_head(make_complaint, manager, category, logistics):
    head = __import__("tests.factories", fromlist=["make_staff"]).make_staff("dept_head", logistics, username="lh")
    logistics.head = head
    logistics.save()
    category.default_department = logistics
    category.save()
    complaint = make_complaint(flags=["regulator"])
    assert complaint.severity == Severity.MAJOR
    assert complaint.ticket.priority == Priority.URGENT
    recipients = set(Notification.objects.filter(ticket=complaint.ticket).values_list("recipient__username", flat=True))
    assert {"manager", "lh"} <= recipients


def test_acknowledgement_goes_through_the_outbox_and_stamps_the_time(make_complaint, customer):
    customer.email = "zs@example.com"
    customer.save()
    complaint = make_complaint(channel="email")
    message = OutboundMessage.objects.get(complaint=complaint)
    assert message.purpose == "acknowledgement" and message.channel == "email"
    assert complaint.ticket.number in message.body and complaint.tracking_token in message.body
    later = T0 + timedelta(minutes=1)
    message_deliver(message_id=message.pk, now=later)
    message.refresh_from_db()
    complaint.refresh_from_db()
    assert message.status == MessageStatus.SENT and len(mail.outbox) == 1
    assert complaint.stage == ComplaintStage.ACKNOWLEDGED and complaint.acknowledged_at == later
    # Delivering again changes nothing (idempotent).
    message_deliver(message_id=message.pk, now=later + timedelta(minutes=1))
    assert len(mail.outbox) == 1


def test_outbox_retries_then_gives_up(make_complaint, settings):
    settings.COMPLAINTS_SMS_SENDER = "tests.complaints.test_intake_services.FailingSender"
    complaint = make_complaint()
    message = OutboundMessage.objects.get(complaint=complaint)
    now = T0
    for attempt in range(1, 5):
        message = message_deliver(message_id=message.pk, now=now)
        assert message.status == MessageStatus.FAILED and message.attempts == attempt
        assert message.next_attempt_at > now
        now = message.next_attempt_at
    message = message_deliver(message_id=message.pk, now=now)
    assert message.status == MessageStatus.DEAD and "gateway down" in message.last_error
    complaint.refresh_from_db()
    assert complaint.stage == ComplaintStage.RECEIVED


def test_outbox_retry_succeeds_on_the_second_try(make_complaint, settings):
    settings.COMPLAINTS_SMS_SENDER = "tests.complaints.test_intake_services.FlakySender"
    FlakySender.calls = 0
    complaint = make_complaint()
    message = OutboundMessage.objects.get(complaint=complaint)
    message = message_deliver(message_id=message.pk, now=T0)
    assert message.status == MessageStatus.FAILED
    from complaints.services.outbox import messages_retry_due

    assert messages_retry_due(now=T0) == []
    assert messages_retry_due(now=message.next_attempt_at) == [message.pk]
    message = message_deliver(message_id=message.pk, now=message.next_attempt_at)
    assert message.status == MessageStatus.SENT and message.attempts == 2


class FailingSender:
    def send(self, **kwargs):
        raise ConnectionError("gateway down")


class FlakySender:
    calls = 0

    def send(self, **kwargs):
        FlakySender.calls += 1
        if FlakySender.calls == 1:
            raise ConnectionError("timeout")


def test_manual_acknowledge_and_assessment(make_complaint, agent):
    complaint = make_complaint()
    complaint = complaint_acknowledge(actor=agent, complaint=complaint, note="电话告知", now=T0)
    with pytest.raises(Conflict):
        complaint_acknowledge(actor=agent, complaint=complaint, now=T0)
    complaint = complaint_assess(actor=agent, complaint=complaint, severity="serious", priority=Priority.HIGH,
                                 now=T0 + timedelta(hours=1))
    assert complaint.stage == ComplaintStage.HANDLING and complaint.assessed_by == agent
    assert complaint.ticket.priority == Priority.HIGH
    assert TicketEvent.objects.filter(ticket=complaint.ticket, kind="complaint.assessed").exists()
    with pytest.raises(Conflict):
        complaint_assess(actor=agent, complaint=complaint, severity="general", now=T0)


def test_department_staff_cannot_take_in(make_complaint, logistics_staff):
    with pytest.raises(DomainError) as exc:
        make_complaint(actor=logistics_staff)
    assert exc.value.status == 403
    assert not Complaint.objects.exists()

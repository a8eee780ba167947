"""The outbound-message outbox: a message is written in the transaction of what
caused it and delivered after commit by `complaints.tasks.deliver_message`; a failed
try is retried with growing delays, and after MAX_ATTEMPTS it is given up."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from slacenter.workflow import transition_apply

from ..models import MessageChannel, MessageStatus, OutboundMessage
from ..senders import sender_for
from ..workflow import OUTBOX
from . import events

MAX_ATTEMPTS = 5
RETRY_DELAYS = (60, 300, 900, 3600)  # seconds after the 1st, 2nd, 3rd, 4th failure


def _recipient(customer, channel: str) -> str:
    if channel == MessageChannel.EMAIL:
        return customer.email
    if channel == MessageChannel.WECHAT:
        return (customer.external_ids or {}).get("wechat", "")
    return customer.phone


def preferred_channel(customer, ticket_channel: str = "") -> str:
    if ticket_channel in ("wechat",) and (customer.external_ids or {}).get("wechat"):
        return MessageChannel.WECHAT
    if ticket_channel == "email" and customer.email:
        return MessageChannel.EMAIL
    if customer.phone:
        return MessageChannel.SMS
    return MessageChannel.EMAIL


_held: list[list] = []  # a stack of held message ids while held() is active


@contextmanager
def held() -> Iterator[list]:
    """Queue messages without enqueueing their delivery (bulk loading): the block gets
    the list of queued ids and delivers them itself with `message_deliver`."""
    _held.append([])
    try:
        yield _held[-1]
    finally:
        _held.pop()


def message_queue(*, complaint, purpose: str, body: str, subject: str = "", channel: str | None = None,
                  now, deliver: bool = True) -> OutboundMessage | None:
    """Queue a message to the complaint's customer; delivery starts after commit.
    None when the customer has no address on any channel."""
    customer = complaint.ticket.customer
    channel = channel or preferred_channel(customer, complaint.ticket.channel)
    recipient = _recipient(customer, channel)
    if not recipient:
        return None
    message = OutboundMessage.objects.create(
        complaint=complaint, purpose=purpose, channel=channel, recipient=recipient, subject=subject[:200], body=body,
        next_attempt_at=now, created_at=now, updated_at=now,
    )
    if _held:
        _held[-1].append(message.pk)
    elif deliver:
        from ..tasks import deliver_message

        deliver_message.delay_on_commit(message.pk)
    return message


def message_transition(*, message: OutboundMessage, action: str, now, changes=None) -> OutboundMessage:
    message, _move, _old = transition_apply(instance=message, table=OUTBOX, action=action, now=now, system=True,
                                            changes=changes)
    return message


@transaction.atomic
def message_deliver(*, message_id: int, now=None, sender=None) -> OutboundMessage | None:
    """Try to send one message (idempotent: a sent or given-up message is left
    alone; the row lock keeps two workers from sending it twice). `sender` replaces
    the configured one (the demo delivers through a silent sender)."""
    now = now or timezone.now()
    message = OutboundMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
    if message is None or message.status not in (MessageStatus.PENDING, MessageStatus.FAILED):
        return message
    attempts = message.attempts + 1
    try:
        (sender or sender_for(message.channel)).send(recipient=message.recipient, subject=message.subject,
                                                     body=message.body)
    except Exception as exc:  # noqa: BLE001 - any gateway failure is retried
        error = f"{type(exc).__name__}: {exc}"[:300]
        if attempts >= MAX_ATTEMPTS:
            return message_transition(message=message, action="give_up", now=now,
                                      changes={"attempts": attempts, "last_error": error, "next_attempt_at": None})
        delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
        return message_transition(message=message, action="fail", now=now, changes={
            "attempts": attempts, "last_error": error, "next_attempt_at": now + timedelta(seconds=delay)})
    message = message_transition(message=message, action="deliver", now=now,
                                 changes={"attempts": attempts, "last_error": "", "next_attempt_at": None})
    events.record(complaint=message.complaint, kind=events.MESSAGE, actor=None, at=now,
                  data={"message": message.pk, "purpose": message.purpose, "channel": message.channel})
    if message.purpose == "acknowledgement":
        from .loop import complaint_acknowledge_delivered

        complaint_acknowledge_delivered(complaint=message.complaint, now=now)
    return message


def messages_retry_due(*, now=None, batch: int = 100) -> list[int]:
    """Ids of failed messages whose retry time has come (the beat task delivers them)."""
    now = now or timezone.now()
    return list(OutboundMessage.objects.filter(status=MessageStatus.FAILED, next_attempt_at__lte=now)
                .order_by("next_attempt_at").values_list("pk", flat=True)[:batch])


@transaction.atomic
def message_resend(*, actor, message: OutboundMessage, now=None) -> OutboundMessage:
    from ..permissions import can_handle

    if not can_handle(actor):
        raise DomainError(_("Only service-center staff can do this."), code="forbidden", status=403)
    now = now or timezone.now()
    message, _move, _old = transition_apply(instance=message, table=OUTBOX, action="retry", now=now,
                                            changes={"attempts": 0, "next_attempt_at": now})
    from ..tasks import deliver_message

    deliver_message.delay_on_commit(message.pk)
    return message

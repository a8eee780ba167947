"""The ticket timeline: events, comments and transfer exchanges merged in time order.

Comments and transfers carry the text (a note, a question, an answer), so their own
rows are shown; the log events that merely announce them are left out to avoid
showing everything twice."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from slacenter.inputs import parse_int
from tickets.display import person_name

from ..models import (
    AnswerRating,
    Category,
    Channel,
    Comment,
    Priority,
    TicketEvent,
    TicketKind,
    TicketStatus,
    TransferStatus,
)
from ..selectors import ticket_comments, ticket_events_for, ticket_transfers_for

SHOWN_ELSEWHERE = {
    TicketEvent.Kind.COMMENTED,
    TicketEvent.Kind.REPLIED,
    TicketEvent.Kind.TRANSFERRED,
    TicketEvent.Kind.TRANSFER_REPLIED,
    TicketEvent.Kind.TRANSFER_BOUNCED,
}
CHOICE_LABELS = {"status": TicketStatus, "kind": TicketKind, "channel": Channel, "answer_rating": AnswerRating}


@dataclass
class Entry:
    at: datetime
    style: str  # event | public | internal | transfer | answer | bounce
    label: str
    actor: object = None
    old: str = ""
    new: str = ""
    reason: str = ""
    body: str = ""
    department: object = None
    attachments: list = field(default_factory=list)
    order: int = 0
    in_full: bool = True  # False: another department's exchange, shown without its text or people
    transfer: object = None  # an answer shown in full: its rating (and the rating form for the center)


def actor_name(user) -> str:
    if user is None:
        return _("System")
    return person_name(user)


def _value_label(field_name: str, value: str, categories: dict) -> str:
    if not value:
        return ""
    if field_name in CHOICE_LABELS:
        try:
            return str(CHOICE_LABELS[field_name](value).label)
        except ValueError:
            return value
    if field_name == "priority":
        try:
            return str(Priority(int(value)).label)
        except ValueError:
            return value
    if field_name == "category":
        category = categories.get(value)
        return str(category) if category else value
    return value


def _event_entries(events) -> list[Entry]:
    shown = [e for e in events if e.kind not in SHOWN_ELSEWHERE]
    category_ids = {
        v for e in shown if e.field == "category" for v in (e.old_value, e.new_value) if parse_int(v, min_value=1)
    }
    categories = {
        str(c.pk): c for c in Category.objects.filter(pk__in=category_ids).select_related("parent")
    } if category_ids else {}
    entries = []
    for event in shown:
        label = event.get_kind_display()
        if event.kind == TicketEvent.Kind.FIELD_CHANGED and event.field:
            label = _("Changed %(field)s") % {"field": _field_label(event.field)}
        entries.append(Entry(
            at=event.at,
            style="event",
            label=label,
            actor=event.actor,
            old=_value_label(event.field, event.old_value, categories),
            new=_value_label(event.field, event.new_value, categories),
            reason=event.reason,
            order=event.pk,
            in_full=getattr(event, "in_full", True),
        ))
    return entries


def _field_label(name: str) -> str:
    from ..models import Ticket

    try:
        return str(Ticket._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown field name is shown as it is
        return name


def _comment_entries(comments) -> list[Entry]:
    return [
        Entry(
            at=c.created_at,
            style="public" if c.visibility == Comment.Visibility.PUBLIC else "internal",
            label=c.get_visibility_display(),
            actor=c.author,
            body=c.body,
            attachments=list(c.attachments.all()),
            order=c.pk,
        )
        for c in comments
    ]


def _transfer_entries(transfers) -> list[Entry]:
    entries = []
    for t in transfers:
        # Another department's exchange: only that it exists (`transfer_full_q`).
        full = t.in_full
        entries.append(Entry(
            at=t.requested_at, style="transfer", label=_("Transferred to department"),
            actor=t.requested_by if full else None, body=t.question if full else "", department=t.department,
            order=t.pk, in_full=full,
        ))
        if t.answered_at:
            bounced = t.status == TransferStatus.BOUNCED
            entries.append(Entry(
                at=t.answered_at, style="bounce" if bounced else "answer",
                label=_("Department bounced") if bounced else _("Department replied"),
                actor=t.answered_by if full else None, body=t.answer if full else "", department=t.department,
                order=t.pk, in_full=full, transfer=t if full and not bounced else None,
            ))
    return entries


def ticket_timeline(user, ticket) -> list[Entry]:
    """Four queries whatever the length of the history (events, comments with their
    attachments, transfers), plus one for categories named in field changes."""
    entries = (
        _event_entries(ticket_events_for(user, ticket))
        + _comment_entries(ticket_comments(user, ticket))
        + _transfer_entries(ticket_transfers_for(user, ticket))
    )
    return sorted(entries, key=lambda e: (e.at, e.order))

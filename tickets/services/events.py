from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from .. import hooks
from ..events import is_known_kind
from ..models import TicketEvent


def event_record(*, ticket, kind, actor, at, field="", old="", new="", reason="", data=None) -> TicketEvent:
    """Append one event to the ticket's log and publish it to subscribers (same
    transaction). The only place TicketEvent rows are created."""
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        at=at,
        field=field,
        old_value="" if old is None else str(old)[:200],
        new_value="" if new is None else str(new)[:200],
        reason=reason or "",
        data=data or {},
    )
    hooks.publish(event)
    return event


def ticket_event_record(
    *, ticket, kind: str, actor, at, data: dict | None = None, reason: str = "", field: str = "", old="", new=""
) -> TicketEvent:
    """The public way for upper apps to append to a ticket's event log: `kind` is a
    kind registered with `tickets.events.register_event_kind` (or a built-in one);
    `actor=None` means the system. Runs the subscribers (the SLA clocks among them)
    in the caller's transaction, like every other ticket event."""
    if not is_known_kind(kind):
        raise DomainError(_("Unknown ticket event kind “%(kind)s”.") % {"kind": kind}, code="unknown_event_kind")
    return event_record(ticket=ticket, kind=kind, actor=actor, at=at, field=field, old=old, new=new,
                        reason=reason, data=data)

from .. import hooks
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

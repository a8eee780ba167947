from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError

from ..models import Ticket, TicketEvent
from ..permissions import can_work_tickets
from ..workflow import CLEAR_ON_REOPEN, STAMP_ON_ENTER, allowed_transitions, get_transition
from .events import event_record


@transaction.atomic
def ticket_transition(
    *, ticket: Ticket, actor, action: str, reason: str = "", now=None, system: bool = False
) -> Ticket:
    """The only way a ticket's status changes. Locks the row, checks the move against
    `tickets.workflow.TRANSITIONS`, sets the matching timestamp and writes the event.

    `system=True` is for services (transfers) making non-manual moves; the API and
    views always call with the default."""
    now = now or timezone.now()
    if not system and not can_work_tickets(actor):
        raise DomainError(_("Only service-center staff can change a ticket's status."), code="forbidden", status=403)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    move = get_transition(action)
    if move is None or ticket.status not in move.sources or (not move.manual and not system):
        allowed = [t.action for t in allowed_transitions(ticket.status)]
        raise Conflict(
            _("Cannot “%(action)s” a ticket that is %(status)s.")
            % {"action": move.label if move else action, "status": ticket.get_status_display()},
            code="illegal_transition",
            status_now=ticket.status,
            allowed=allowed,
        )
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise DomainError(_("This move needs a reason."), field="reason", code="reason_required")
    old_status = ticket.status
    ticket.status = move.target
    fields = ["status", "updated_at"]
    if action == "reopen":
        for field in CLEAR_ON_REOPEN:
            setattr(ticket, field, None)
        fields.extend(CLEAR_ON_REOPEN)
    if stamp := STAMP_ON_ENTER.get(move.target):
        setattr(ticket, stamp, now)
        fields.append(stamp)
    ticket.updated_at = now
    ticket.save(update_fields=fields)
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS_CHANGED,
        actor=actor,
        at=now,
        field="status",
        old=old_status,
        new=move.target,
        reason=reason,
        data={"action": action},
    )
    return ticket

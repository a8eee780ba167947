from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import retry_on_deadlock
from slacenter.workflow import transition_apply

from .. import hooks, limits
from ..models import Ticket, TicketEvent
from ..permissions import can_work_tickets
from ..workflow import TICKET_WORKFLOW
from .events import event_record


@retry_on_deadlock
@transaction.atomic
def ticket_transition(
    *, ticket: Ticket, actor, action: str, reason: str = "", now=None, system: bool = False
) -> Ticket:
    """The only way a ticket's status changes. Locks the row, checks the move against
    `tickets.workflow.TICKET_WORKFLOW` and the upper apps' transition guards
    (`tickets.hooks.register_transition_guard`), sets the matching timestamps and
    writes the event.

    `system=True` is for services (transfers, upper apps' loops) making non-manual
    moves or acting without a person; the API and views always call with the default."""
    now = now or timezone.now()
    if not system and not can_work_tickets(actor):
        raise DomainError(_("Only service-center staff can change a ticket's status."), code="forbidden", status=403)
    limits.check_length(reason or "", limits.REASON, "reason")

    def guarded(locked: Ticket, move) -> None:
        refusal = hooks.transition_refusal(ticket=locked, action=action, target=move.target, actor=actor, now=now)
        if refusal:
            raise Conflict(refusal, code="refused_by_guard", status_now=locked.status)

    ticket, move, old_status = transition_apply(
        instance=ticket, table=TICKET_WORKFLOW, action=action, reason=reason, now=now, system=system, before=guarded
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS_CHANGED,
        actor=actor,
        at=now,
        field="status",
        old=old_status,
        new=move.target,
        reason=(reason or "").strip(),
        data={"action": action},
    )
    return ticket

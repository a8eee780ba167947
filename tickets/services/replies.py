from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from slacenter.locking import retry_on_deadlock

from .. import limits
from ..models import Comment, Ticket, TicketEvent
from ..permissions import can_work_tickets, is_department_staff
from .attachments import attachment_add
from .events import event_record


@retry_on_deadlock
@transaction.atomic
def comment_add(
    *, ticket: Ticket, actor, body: str, visibility: str = Comment.Visibility.INTERNAL, uploaded_file=None,
    now=None,
) -> Comment:
    """An internal note (service staff or the departments the ticket went to) or a
    reply to the customer (service staff only). The first customer reply sets the
    ticket's first-response time. A file sent with the message is attached to it in
    the same transaction: both are saved, or neither (a refused file refuses the message)."""
    body = limits.check_length((body or "").strip(), limits.COMMENT, "body")
    if not body:
        raise DomainError(_("The message is empty."), field="body")
    if visibility not in Comment.Visibility.values:
        raise DomainError(_("Unknown visibility %(value)r.") % {"value": visibility}, field="visibility")
    public = visibility == Comment.Visibility.PUBLIC
    if public and not can_work_tickets(actor):
        raise DomainError(_("Only service-center staff reply to customers."), code="forbidden", status=403)
    if not public and not (can_work_tickets(actor) or is_department_staff(actor)):
        raise DomainError(_("You cannot add notes to this ticket."), code="forbidden", status=403)
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update(no_key=True).get(pk=ticket.pk)  # lock order: slacenter.locking
    comment = Comment.objects.create(ticket=ticket, author=actor, visibility=visibility, body=body, created_at=now)
    fields = ["updated_at"]
    if public and ticket.first_response_at is None:
        ticket.first_response_at = now
        fields.append("first_response_at")
    ticket.updated_at = now
    ticket.save(update_fields=fields)
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.REPLIED if public else TicketEvent.Kind.COMMENTED,
        actor=actor,
        at=now,
        data={"comment": comment.pk, "first_response": "first_response_at" in fields},
    )
    if uploaded_file is not None:
        uploaded_file.seek(0)  # from the start, also when a deadlock retry runs this again
        attachment_add(ticket=ticket, actor=actor, uploaded_file=uploaded_file, comment=comment, now=now)
    return comment

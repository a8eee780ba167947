"""What the conformance view needs that the loop does not record by itself: that a
customer who does not accept the decision was told of further recourse (ISO 10002
§8.7; e.g. the 12315 consumer hotline or the regulator)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import lock_ticket

from ..models import Complaint, ComplaintStage
from . import events
from .common import require_handler

RECOURSE_MAX = 200


@transaction.atomic
def complaint_recourse_record(*, actor, complaint: Complaint, note: str, now=None) -> Complaint:
    """Record that the customer was told of further recourse (where and how). Once
    the decision is given (final reply or closed loop); recording again replaces the
    note and keeps the first time."""
    require_handler(actor)
    now = now or timezone.now()
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say which further recourse the customer was told of (e.g. 12315)."), field="note")
    if len(note) > RECOURSE_MAX:
        raise DomainError(_("At most %(n)d characters.") % {"n": RECOURSE_MAX}, field="note")
    lock_ticket(complaint.ticket_id)
    complaint = Complaint.objects.select_for_update().select_related("ticket").get(pk=complaint.pk)
    if complaint.stage not in (ComplaintStage.ANSWERED, ComplaintStage.CLOSED):
        raise Conflict(_("Further recourse is told once the decision is given (final reply)."),
                       code="illegal_transition")
    old = complaint.recourse_note
    complaint.recourse_note = note
    complaint.recourse_told_at = complaint.recourse_told_at or now
    complaint.updated_at = now
    complaint.save(update_fields=["recourse_note", "recourse_told_at", "updated_at"])
    events.record(complaint=complaint, kind=events.RECOURSE_TOLD, actor=actor, at=now, field="recourse_note",
                  old=old, new=note)
    return complaint

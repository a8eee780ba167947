"""Free tags on a complaint (product/SKU, region, order batch): what the tag rules of
the batch early warning count, and what matches a complaint to a tag incident."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from ..models import Complaint, ComplaintTag
from .common import require_handler

MAX_TAGS = 10


def _clean(values) -> list[str]:
    out = []
    for value in values or ():
        value = str(value).strip()
        if not value:
            continue
        if len(value) > 100:
            raise DomainError(_("A tag has at most 100 characters."), field="tags")
        if value not in out:
            out.append(value)
    if len(out) > MAX_TAGS:
        raise DomainError(_("At most %(n)s tags.") % {"n": MAX_TAGS}, field="tags")
    return out


@transaction.atomic
def complaint_tags_set(*, actor, complaint: Complaint, tags, now=None) -> list[str]:
    """Replace the complaint's tags; the complaint's creation time is copied on each
    (detection counts tags by it). Confirmed tag incidents are suggested."""
    from .incidents import incident_suggest_for_complaint

    require_handler(actor)
    now = now or timezone.now()
    values = _clean(tags)
    ComplaintTag.objects.filter(complaint=complaint).exclude(value__in=values).delete()
    ComplaintTag.objects.bulk_create([ComplaintTag(complaint=complaint, value=v, created_at=complaint.created_at)
                                      for v in values], ignore_conflicts=True)
    incident_suggest_for_complaint(complaint=complaint, now=now)
    return values


def on_ticket_event(event) -> None:
    """tickets.hooks subscriber: a complaint just taken in is suggested to the
    confirmed incidents it matches (same transaction as the intake)."""
    from . import events
    from .incidents import incident_suggest_for_complaint

    if event.kind != events.INTAKE:
        return
    complaint = Complaint.objects.filter(ticket_id=event.ticket_id).select_related("ticket").first()
    if complaint is not None:
        incident_suggest_for_complaint(complaint=complaint, now=event.at)

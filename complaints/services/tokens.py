"""The public tracking link of a complaint: a random token of 192 bits, revocable
(the page answers 404) and reissuable (the old link stops working)."""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Complaint
from . import events
from .common import require_handler


def new_token() -> str:
    return secrets.token_urlsafe(24)


def tracking_url(complaint: Complaint) -> str:
    if not complaint.tracking_token:
        return ""
    base = getattr(settings, "COMPLAINTS_PUBLIC_URL", "").rstrip("/")
    return f"{base}{reverse('complaints_public:track', args=[complaint.tracking_token])}"


@transaction.atomic
def tracking_link_reissue(*, actor, complaint: Complaint, now=None) -> Complaint:
    require_handler(actor)
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.tracking_token = new_token()
    complaint.updated_at = now
    complaint.save(update_fields=["tracking_token", "updated_at"])
    events.record(complaint=complaint, kind=events.TRACKING, actor=actor, at=now, data={"action": "reissued"})
    return complaint


@transaction.atomic
def tracking_link_revoke(*, actor, complaint: Complaint, now=None) -> Complaint:
    require_handler(actor)
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.tracking_token = None
    complaint.updated_at = now
    complaint.save(update_fields=["tracking_token", "updated_at"])
    events.record(complaint=complaint, kind=events.TRACKING, actor=actor, at=now, data={"action": "revoked"})
    return complaint

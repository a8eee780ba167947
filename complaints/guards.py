"""The root-cause rule at closing, as a ticket transition guard (registered in
`ComplaintsConfig.ready()`): a complaint ticket closes only once its finding (root
cause, responsible department) is recorded. Switched by the setting
COMPLAINTS_ROOT_CAUSE_REQUIRED (off until the demo loader and older tests record
findings before closing)."""

from django.conf import settings
from django.utils.translation import gettext as _

from tickets.models import TicketKind


def root_cause_guard(*, ticket, action, target, actor, now):
    if action != "close" or ticket.kind != TicketKind.COMPLAINT:
        return None
    if not getattr(settings, "COMPLAINTS_ROOT_CAUSE_REQUIRED", False):
        return None
    from .models import ComplaintFinding

    if ComplaintFinding.objects.filter(complaint__ticket_id=ticket.pk).exists():
        return None
    return _("Record the root cause and the responsible department before closing the complaint.")

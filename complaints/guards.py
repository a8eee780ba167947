"""The root-cause rule at closing, as a ticket transition guard (registered in
`ComplaintsConfig.ready()`): a complaint ticket closes only once its finding (root
cause, responsible department) is recorded. On by default; the setting
COMPLAINTS_ROOT_CAUSE_REQUIRED=False switches it off (the same switch as
`complaints.services.loop.finding_missing`, which checks it before anything moves)."""

from django.conf import settings
from django.utils.translation import gettext as _

from tickets.models import TicketKind


def root_cause_guard(*, ticket, action, target, actor, now):
    if action != "close" or ticket.kind != TicketKind.COMPLAINT:
        return None
    if not getattr(settings, "COMPLAINTS_ROOT_CAUSE_REQUIRED", True):
        return None
    from .models import Complaint, ComplaintFinding

    if ComplaintFinding.objects.filter(complaint__ticket_id=ticket.pk).exists():
        return None
    if not Complaint.objects.filter(ticket_id=ticket.pk).exists():
        return None  # a complaint-kind ticket outside the loop (no complaint record) has no finding to give
    return _("Record the root cause and the responsible department before closing the complaint.")

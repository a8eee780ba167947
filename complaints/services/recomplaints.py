"""A re-complaint (二次投诉): the customer raises something new at the callback. A new
complaint linked to the first opens; the first one's loop closes (its callback was
reached)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.locking import lock_ticket

from ..models import Complaint
from . import events
from .intake import complaint_create


@transaction.atomic
def re_complaint_open(*, actor, complaint: Complaint, description: str = "", now=None) -> Complaint:
    now = now or timezone.now()
    lock_ticket(complaint.ticket_id)  # the first ticket before anything of its complaint
    ticket = complaint.ticket
    new = complaint_create(
        actor=actor, customer=ticket.customer, title=(_("Re-complaint: %(title)s") % {"title": ticket.title})[:200],
        category=ticket.category, channel=ticket.channel, severity=complaint.severity,
        desired_remedy=description or complaint.desired_remedy, description=description,
        order_numbers=complaint.order_numbers, priority=min(ticket.priority + 1, 4), now=now,
        system=actor is None,
    )
    Complaint.objects.filter(pk=new.pk).update(re_complaint_of=complaint)
    new.re_complaint_of = complaint
    events.record(complaint=complaint, kind=events.RE_COMPLAINT, actor=actor, at=now,
                  data={"re_complaint": new.ticket_id, "number": new.ticket.number})
    from .loop import complaint_close_when_ready

    complaint_close_when_ready(actor=actor, complaint=complaint, now=now)
    return new

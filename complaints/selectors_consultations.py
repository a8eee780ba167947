"""Reads of joint consultations. A consultation is visible when its ticket is
(`tickets.selectors.ticket_scope`, which lets an invited department see the ticket
while the consultation is open); a department head or member sees only the
consultations their department is invited to. Everything else is a 404."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tickets.permissions import department_of, is_department_staff
from tickets.selectors import ticket_scope

from .models import Consultation, ConsultationInvite, ConsultationStatus

REPLY_METRIC = "consultation_reply"


def consultation_scope(user) -> QuerySet[Consultation]:
    qs = Consultation.objects.filter(ticket__in=ticket_scope(user))
    if is_department_staff(user):
        department = department_of(user)
        if department is None:
            return qs.none()
        qs = qs.filter(invites__department=department)
    return qs.select_related("ticket", "convened_by", "owning_department").prefetch_related(
        Prefetch("invites", queryset=ConsultationInvite.objects.select_related("department", "answered_by")
                 .order_by("department__code", "pk"))).order_by("-created_at", "-id")


def consultation_list(user, *, status: str = "") -> QuerySet[Consultation]:
    qs = consultation_scope(user)
    return qs.filter(status=status) if status in ConsultationStatus.values else qs


def consultation_get(user, pk) -> Consultation:
    consultation = consultation_scope(user).filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def invite_get(user, pk) -> ConsultationInvite:
    """An invite of a consultation in the user's scope (else 404)."""
    invite = (ConsultationInvite.objects.filter(pk=pk, consultation__in=consultation_scope(user).order_by())
              .select_related("consultation", "consultation__ticket", "department").first())
    if invite is None:
        raise Http404
    return invite


def ticket_consultations(user, ticket) -> list[Consultation]:
    """The consultations on one ticket the user sees, with each invite's reply clock."""
    return with_reply_clocks(list(consultation_scope(user).filter(ticket=ticket)))


def with_reply_clocks(consultations) -> list[Consultation]:
    """Set `invite.reply_clock` (the department's consultation reply SLA clock, or None)
    on every invite of `consultations` — one query for all of them."""
    from sla.models import TicketClock

    consultations = list(consultations)
    invites = [i for c in consultations for i in c.invites.all()]
    clocks = {c.item_id: c for c in TicketClock.objects.filter(
        metric=REPLY_METRIC, item_id__in=[i.pk for i in invites]).select_related("calendar")} if invites else {}
    for invite in invites:
        invite.reply_clock = clocks.get(invite.pk)
    return consultations

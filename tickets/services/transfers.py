from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import retry_on_deadlock

from .. import limits
from ..models import (
    AnswerRating,
    Department,
    StaffProfile,
    Ticket,
    TicketEvent,
    TicketStatus,
    Transfer,
    TransferStatus,
)
from ..models.org import DEPARTMENT_ROLES
from ..permissions import can_answer_transfer, can_work_tickets
from .events import event_record
from .notifications import notifications_create_bulk
from .workflow import ticket_transition


@retry_on_deadlock
@transaction.atomic
def transfer_create(*, ticket: Ticket, actor, department: Department, question: str, now=None) -> Transfer:
    """Hand a question about the ticket to a business department. The ticket waits on
    the department until every open transfer is answered."""
    if not can_work_tickets(actor):
        raise DomainError(_("Only service-center staff can transfer tickets."), code="forbidden", status=403)
    question = limits.check_length((question or "").strip(), limits.TRANSFER_TEXT, "question")
    if not question:
        raise DomainError(_("Say what the department should answer."), field="question")
    if department.is_service_center or not department.is_active:
        raise DomainError(_("Tickets are transferred to an active business department."), field="department")
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update(no_key=True).get(pk=ticket.pk)  # lock order: slacenter.locking
    if not ticket.is_open:
        raise Conflict(_("A resolved or closed ticket cannot be transferred; reopen it first."))
    if ticket.transfers.filter(department=department, status=TransferStatus.OPEN).exists():
        raise Conflict(_("%(department)s already has an open question on this ticket.") % {"department": department})
    transfer = Transfer.objects.create(
        ticket=ticket, department=department, question=question, requested_by=actor, requested_at=now
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.TRANSFERRED,
        actor=actor,
        at=now,
        field="department",
        new=department.code,
        reason=question,
        data={"transfer": transfer.pk, "department": department.pk},
    )
    if ticket.status != TicketStatus.WAITING_DEPARTMENT:
        ticket_transition(ticket=ticket, actor=actor, action="await_department", now=now, system=True)
    _notify_arrival(transfer, ticket, now)
    return transfer


def _notify_arrival(transfer: Transfer, ticket: Ticket, now) -> None:
    """The receiving department's staff and head learn of the question at once (in
    the app, and by e-mail through the notification dispatch). One set-based insert."""
    recipients = StaffProfile.objects.filter(
        department_id=transfer.department_id, role__in=DEPARTMENT_ROLES, user__is_active=True,
    ).values_list("user_id", flat=True)
    subject = _("New question for %(department)s: %(number)s %(title)s") % {
        "department": transfer.department.display_name, "number": ticket.number, "title": ticket.title}
    url = reverse("tickets:inbox")
    notifications_create_bulk(
        [(user_id, ticket.pk, f"transfer:{transfer.pk}:arrived", subject, transfer.question, url, False, now)
         for user_id in recipients],
        now=now,
    )


def _close_transfer(*, transfer: Transfer, actor, status: str, text: str, event_kind: str, now) -> Transfer:
    # Lock order (slacenter.locking): the ticket, then the transfer; no-key locks, so
    # the sweep's key-share checks on the ticket never wait for this transaction.
    ticket_id = Transfer.objects.values_list("ticket_id", flat=True).get(pk=transfer.pk)
    ticket = Ticket.objects.select_for_update(no_key=True).get(pk=ticket_id)
    transfer = Transfer.objects.select_for_update(no_key=True).select_related("ticket").get(pk=transfer.pk)
    if not can_answer_transfer(actor, transfer):
        raise DomainError(_("Only the receiving department can answer this transfer."), code="forbidden", status=403)
    if transfer.status != TransferStatus.OPEN:
        raise Conflict(_("This transfer has already been answered."))
    transfer.status = status
    transfer.answer = text
    transfer.answered_by = actor
    transfer.answered_at = now
    transfer.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    event_record(
        ticket=ticket,
        kind=event_kind,
        actor=actor,
        at=now,
        field="department",
        old=transfer.department.code,
        reason=text,
        data={"transfer": transfer.pk, "department": transfer.department_id},
    )
    still_open = ticket.transfers.filter(status=TransferStatus.OPEN).exists()
    if not still_open and ticket.status == TicketStatus.WAITING_DEPARTMENT:
        ticket_transition(ticket=ticket, actor=actor, action="department_answered", now=now, system=True)
    return transfer


@retry_on_deadlock
@transaction.atomic
def transfer_answer(*, transfer: Transfer, actor, answer: str, now=None) -> Transfer:
    answer = limits.check_length((answer or "").strip(), limits.TRANSFER_TEXT, "answer")
    if not answer:
        raise DomainError(_("The answer is empty."), field="answer")
    return _close_transfer(
        transfer=transfer,
        actor=actor,
        status=TransferStatus.REPLIED,
        text=answer,
        event_kind=TicketEvent.Kind.TRANSFER_REPLIED,
        now=now or timezone.now(),
    )


@retry_on_deadlock
@transaction.atomic
def transfer_bounce(*, transfer: Transfer, actor, reason: str, now=None) -> Transfer:
    """Send the question back (not ours, not enough information…) with a reason."""
    reason = limits.check_length((reason or "").strip(), limits.TRANSFER_TEXT, "reason")
    if not reason:
        raise DomainError(_("Say why the transfer is bounced."), field="reason")
    return _close_transfer(
        transfer=transfer,
        actor=actor,
        status=TransferStatus.BOUNCED,
        text=reason,
        event_kind=TicketEvent.Kind.TRANSFER_BOUNCED,
        now=now or timezone.now(),
    )


@retry_on_deadlock
@transaction.atomic
def transfer_rate(*, transfer: Transfer, actor, satisfied: bool, reason: str = "", now=None) -> Transfer:
    """The service center rates a department's answer: satisfied, or not with a reason
    (issue 11, reply satisfaction). Rating again replaces the rating (the last one
    wins); every rating is logged on the ticket, so earlier ones stay in the history."""
    if not can_work_tickets(actor):
        raise DomainError(_("Only service-center staff can rate a department's answer."), code="forbidden",
                          status=403)
    reason = limits.check_length((reason or "").strip(), limits.RATING_REASON, "reason")
    if not satisfied and not reason:
        raise DomainError(_("Say why the answer is not satisfactory."), field="reason")
    now = now or timezone.now()
    # Lock order (slacenter.locking): the ticket, then the transfer.
    ticket_id = Transfer.objects.values_list("ticket_id", flat=True).get(pk=transfer.pk)
    ticket = Ticket.objects.select_for_update(no_key=True).get(pk=ticket_id)
    transfer = Transfer.objects.select_for_update(no_key=True).select_related("department").get(pk=transfer.pk)
    if transfer.status != TransferStatus.REPLIED:
        raise Conflict(_("Only an answered transfer can be rated."), code="not_answered")
    rating = AnswerRating.SATISFIED if satisfied else AnswerRating.UNSATISFIED
    old = transfer.answer_rating
    transfer.answer_rating = rating
    transfer.answer_rating_reason = reason
    transfer.answer_rated_by = actor
    transfer.answer_rated_at = now
    transfer.save(update_fields=["answer_rating", "answer_rating_reason", "answer_rated_by", "answer_rated_at"])
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.TRANSFER_RATED,
        actor=actor,
        at=now,
        field="answer_rating",
        old=old,
        new=rating,
        reason=reason,
        data={"transfer": transfer.pk, "department": transfer.department_id},
    )
    return transfer

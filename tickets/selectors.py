"""Reads and visibility. Every list, detail, search, export and API route over
tickets starts from `ticket_scope(user)`; anything outside it is a 404.

- admins, team leads, QA specialists, service managers: every ticket;
- agents: tickets assigned to them, created by them, touched by them (any event of
  theirs), and the unassigned open pool they pick work from;
- department staff and heads: tickets their department owns or was transferred;
- anyone else: nothing.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    Attachment,
    Category,
    Customer,
    Department,
    Notification,
    ReplyTemplate,
    Ticket,
    TicketEvent,
    Transfer,
    TransferStatus,
)
from .models.org import Role
from .models.tickets import OPEN_STATUSES
from .permissions import department_of, is_department_staff, role_of, sees_whole_center


def ticket_scope(user) -> QuerySet[Ticket]:
    qs = Ticket.objects.all()
    if not user or not user.is_authenticated:
        return qs.none()
    if sees_whole_center(user):
        return qs
    role = role_of(user)
    if role == Role.AGENT:
        touched = TicketEvent.objects.filter(ticket=OuterRef("pk"), actor=user)
        return qs.filter(
            Q(assignee=user)
            | Q(created_by=user)
            | Q(assignee__isnull=True, status__in=OPEN_STATUSES)
            | Exists(touched)
        )
    if is_department_staff(user):
        department = department_of(user)
        transferred = Transfer.objects.filter(ticket=OuterRef("pk"), department=department)
        return qs.filter(Q(responsible_department=department) | Exists(transferred))
    return qs.none()


def ticket_list(user) -> QuerySet[Ticket]:
    """The scoped ticket list with what list pages and the API show, without N+1."""
    return ticket_scope(user).select_related("customer", "category", "category__parent", "assignee",
                                            "responsible_department")


def ticket_get(user, pk) -> Ticket:
    return get_object_or_404(ticket_list(user), pk=pk)


def ticket_get_by_number(user, number: str) -> Ticket:
    return get_object_or_404(ticket_list(user), number=number)


def ticket_events(ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor").order_by("at", "id")


def ticket_comments(user, ticket: Ticket):
    return ticket.comments.select_related("author").prefetch_related("attachments").order_by("created_at", "id")


def ticket_transfers(ticket: Ticket):
    return ticket.transfers.select_related("department", "requested_by", "answered_by").order_by("requested_at", "id")


def transfer_scope(user) -> QuerySet[Transfer]:
    """Transfers a user may see: those on tickets in scope; department staff only
    their own department's."""
    qs = Transfer.objects.select_related("ticket", "ticket__customer", "department", "requested_by", "answered_by")
    if is_department_staff(user):
        return qs.filter(department=department_of(user))
    return qs.filter(ticket__in=ticket_scope(user))


def transfer_inbox(user) -> QuerySet[Transfer]:
    """The department inbox: our department's transfers, open ones first, oldest first."""
    if not is_department_staff(user) and not sees_whole_center(user):
        return Transfer.objects.none()
    qs = transfer_scope(user)
    return qs.order_by("status", "requested_at")


def transfer_get(user, pk) -> Transfer:
    return get_object_or_404(transfer_scope(user), pk=pk)


def transfers_awaiting(user) -> QuerySet[Transfer]:
    return transfer_inbox(user).filter(status=TransferStatus.OPEN)


def attachment_get(user, pk) -> Attachment:
    """An attachment is visible exactly when its ticket is."""
    return get_object_or_404(Attachment.objects.filter(ticket__in=ticket_scope(user)), pk=pk)


def customer_scope(user) -> QuerySet[Customer]:
    """Service-center staff and admins see all customers; department staff see the
    customers of tickets in their scope."""
    if not user or not user.is_authenticated:
        return Customer.objects.none()
    if is_department_staff(user):
        return Customer.objects.filter(tickets__in=ticket_scope(user)).distinct()
    if role_of(user) is None:
        return Customer.objects.none()
    return Customer.objects.all()


def customer_search(user, term: str, limit: int = 20) -> QuerySet[Customer]:
    term = (term or "").strip()
    qs = customer_scope(user)
    if not term:
        return qs.none()
    return qs.filter(Q(name__icontains=term) | Q(phone__contains=term) | Q(email__icontains=term))[:limit]


def customer_get(user, pk) -> Customer:
    return get_object_or_404(customer_scope(user), pk=pk)


def customer_history(user, customer: Customer) -> QuerySet[Ticket]:
    """The unified customer view: every ticket of theirs across channels, newest first,
    as far as the user's scope reaches."""
    return ticket_list(user).filter(customer=customer).order_by("-created_at", "-id")


def department_list() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True).select_related("head", "parent")


def transfer_targets() -> QuerySet[Department]:
    return department_list().filter(kind=Department.Kind.BUSINESS)


def category_list() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).select_related("parent", "default_department")


def reply_templates(category: Category | None = None) -> QuerySet[ReplyTemplate]:
    qs = ReplyTemplate.objects.filter(is_active=True).select_related("category")
    if category is not None:
        ids = [category.pk] + ([category.parent_id] if category.parent_id else [])
        qs = qs.filter(Q(category__isnull=True) | Q(category_id__in=ids))
    return qs


def notifications_for(user, *, now=None) -> QuerySet[Notification]:
    now = now or timezone.now()
    return Notification.objects.filter(recipient=user, deliver_after__lte=now).select_related("ticket")


def unread_notification_count(user, *, now=None) -> int:
    if not user.is_authenticated:
        return 0
    return notifications_for(user, now=now).filter(read_at__isnull=True).count()


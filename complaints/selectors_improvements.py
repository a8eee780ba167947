"""Reads of improvement actions (整改). A department sees the actions addressed to it;
the service center sees all. Out of scope is 404. The before/after complaint counts
are computed here, for the verification (the service stores them) and the preview."""

from django.db.models import QuerySet
from django.http import Http404

from tickets.models import Ticket, TicketKind
from tickets.permissions import department_of, is_department_staff, is_service_staff, sees_whole_center

from .models import ImprovementAction, ImprovementStatus

OPEN = (ImprovementStatus.PROPOSED, ImprovementStatus.ACCEPTED)


def improvement_scope(user) -> QuerySet[ImprovementAction]:
    qs = ImprovementAction.objects.select_related("department", "category", "root_cause", "proposed_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_center(user) or is_service_staff(user):
        return qs
    if is_department_staff(user):
        department = department_of(user)
        return qs.filter(department=department) if department else qs.none()
    return qs.none()


def improvement_get(user, pk) -> ImprovementAction:
    action = improvement_scope(user).filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def improvement_list(user, *, status: str = "", department=None, overdue: bool = False,
                     now=None) -> QuerySet[ImprovementAction]:
    """Filters only narrow the scope; `overdue` = still open past the due date."""
    qs = improvement_scope(user)
    if status:
        qs = qs.filter(status=status)
    if department is not None:
        qs = qs.filter(department=department)
    if overdue:
        qs = qs.filter(status__in=OPEN, due_at__lte=now)
    return qs.order_by("due_at", "id")


def is_overdue(action: ImprovementAction, now) -> bool:
    return action.status in OPEN and action.due_at <= now


def category_complaints(category, start, end) -> int:
    """Complaints taken in in [start, end), of the category (all when None)."""
    qs = Ticket.objects.filter(kind=TicketKind.COMPLAINT, created_at__gte=start, created_at__lt=end)
    return qs.filter(category=category).count() if category is not None else qs.count()


def improvement_counts(action: ImprovementAction, now) -> tuple[int, int] | None:
    """(before, after): complaints of the category over the same span before the
    proposal and after completion (None before the action is done)."""
    if action.done_at is None:
        return None
    span = now - action.done_at
    return (category_complaints(action.category, action.created_at - span, action.created_at),
            category_complaints(action.category, action.done_at, now))

"""Reads of the complaint loop. Every one starts from the ticket scope: a user sees a
complaint exactly when they may see its ticket (out of scope is a 404)."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from tickets.selectors import ticket_scope

from .models import (
    ApprovalRequest,
    ApprovalStatus,
    AuthorityLimit,
    CallbackStatus,
    CallbackTask,
    Complaint,
    ComplaintStage,
    SeatGroup,
)
from .permissions import can_handle


def _vip_first(qs, field="is_vip"):
    return qs.annotate(vip_rank=Case(When(**{field: True}, then=Value(0)), default=Value(1),
                                     output_field=IntegerField()))


def complaint_scope(user) -> QuerySet[Complaint]:
    return Complaint.objects.filter(ticket__in=ticket_scope(user))


def complaint_list(user) -> QuerySet[Complaint]:
    """VIP (green channel) first, then newest."""
    qs = complaint_scope(user).select_related(
        "ticket", "ticket__customer", "ticket__category", "ticket__assignee", "seat_group")
    return _vip_first(qs).order_by("vip_rank", "-created_at", "-id")


def complaint_get(user, pk) -> Complaint:
    return get_object_or_404(complaint_list(user), pk=pk)


def complaint_for_ticket(user, ticket) -> Complaint | None:
    return complaint_list(user).filter(ticket=ticket).first()


def complaint_by_token(token: str) -> Complaint:
    """The public tracking page: an unknown or revoked token is a 404."""
    if not token or len(token) > 64:
        from django.http import Http404

        raise Http404
    return get_object_or_404(Complaint.objects.select_related("ticket", "ticket__customer"), tracking_token=token)


def approvals_for(user) -> QuerySet[ApprovalRequest]:
    """My approvals queue: pending steps addressed to me (VIP first, oldest first)."""
    qs = ApprovalRequest.objects.filter(approver=user, status=ApprovalStatus.PENDING).select_related(
        "remedy", "remedy__complaint", "remedy__complaint__ticket", "remedy__complaint__ticket__customer",
        "remedy__proposed_by", "requested_by")
    return _vip_first(qs, "remedy__complaint__is_vip").order_by("vip_rank", "requested_at", "id")


def approval_get(user, pk) -> ApprovalRequest:
    """An approval step is visible to its approver and to whoever sees the complaint."""
    qs = ApprovalRequest.objects.select_related("remedy", "remedy__complaint__ticket")
    visible = qs.filter(approver=user) | qs.filter(remedy__complaint__in=complaint_scope(user))
    return get_object_or_404(visible.distinct(), pk=pk)


def callbacks_for(user, *, mine_only: bool = False) -> QuerySet[CallbackTask]:
    """The callback queue: open callbacks (mine, or all for those who see the whole
    center), VIP first, oldest first."""
    qs = CallbackTask.objects.filter(status=CallbackStatus.OPEN).select_related(
        "complaint", "complaint__ticket", "complaint__ticket__customer", "complaint__ticket__assignee", "assignee")
    if not can_handle(user):
        return qs.none()
    qs = qs.filter(complaint__in=complaint_scope(user)) | qs.filter(assignee=user)
    if mine_only:
        qs = qs.filter(assignee=user)
    return _vip_first(qs.distinct(), "complaint__is_vip").order_by("vip_rank", "created_at", "id")


def callback_get(user, pk) -> CallbackTask:
    return get_object_or_404(callbacks_for_any(user), pk=pk)


def callbacks_for_any(user) -> QuerySet[CallbackTask]:
    qs = CallbackTask.objects.select_related("complaint__ticket")
    if not can_handle(user):
        return qs.none()
    return (qs.filter(complaint__in=complaint_scope(user)) | qs.filter(assignee=user)).distinct()


def remedy_scope(user):
    from .models import Remedy

    return Remedy.objects.filter(complaint__in=complaint_scope(user)).select_related("complaint__ticket")


def seat_groups() -> QuerySet[SeatGroup]:
    return SeatGroup.objects.prefetch_related("categories", "members")


def authority_limits() -> QuerySet[AuthorityLimit]:
    return AuthorityLimit.objects.select_related("department").order_by("remedy_kind", "level")


def open_stages():
    return [ComplaintStage.RECEIVED, ComplaintStage.ACKNOWLEDGED, ComplaintStage.HANDLING, ComplaintStage.ANSWERED]


def remedies_executed_between(start, end) -> QuerySet:
    """What complaints cost in a period (for the monthly reports): remedies executed
    in [start, end), with their complaint and kind. Not scoped: reports run as the
    system over the whole center."""
    from .models import Remedy, RemedyStatus

    return (Remedy.objects.filter(status=RemedyStatus.EXECUTED, executed_at__gte=start, executed_at__lt=end)
            .select_related("complaint__ticket"))


def closed_without_callback(start, end) -> QuerySet[Complaint]:
    """Complaints whose loop a manager closed with a reason in [start, end) (the
    exception a team lead audits: no callback, no survey)."""
    return Complaint.objects.filter(stage=ComplaintStage.CLOSED, closed_at__gte=start, closed_at__lt=end).exclude(
        close_reason="").select_related("ticket", "closed_by")


def callback_figures_between(start, end) -> dict:
    """The complaint loop's KPI inputs for a period (for `reports`): callbacks with an
    answer (by phone or the online survey) completed in [start, end) — how many, how
    many solved at first contact (FCR) and how many satisfied (4–5, CSAT) — and the
    major complaints taken in. Counts only; the reports app turns them into rates."""
    from django.db.models import Count, Q

    from .models import CallbackStatus, Severity

    answered = CallbackTask.objects.filter(status__in=[CallbackStatus.REACHED, CallbackStatus.SURVEYED],
                                           completed_at__gte=start, completed_at__lt=end)
    figures = answered.aggregate(
        answered=Count("id"),
        fcr=Count("id", filter=Q(first_contact=True)),
        fcr_known=Count("id", filter=Q(first_contact__isnull=False)),
        satisfied=Count("id", filter=Q(satisfaction__gte=4)),
    )
    figures["first_contact"], figures["first_contact_known"] = figures.pop("fcr"), figures.pop("fcr_known")
    figures["unreachable"] = CallbackTask.objects.filter(status=CallbackStatus.UNREACHABLE, completed_at__gte=start,
                                                         completed_at__lt=end).count()
    figures["major_complaints"] = Complaint.objects.filter(severity=Severity.MAJOR, created_at__gte=start,
                                                           created_at__lt=end).count()
    return figures


def callback_figures_by_department(start, end) -> dict[int, dict]:
    """`callback_figures_between`'s callback counts per department (for `reports`):
    the department a complaint belongs to is its category's usual department
    (`Category.default_department`); complaints without one are left out.
    {department id: {"answered", "first_contact", "first_contact_known", "satisfied"}}."""
    from django.db.models import Count, Q

    from .models import CallbackStatus

    rows = (CallbackTask.objects.filter(status__in=[CallbackStatus.REACHED, CallbackStatus.SURVEYED],
                                        completed_at__gte=start, completed_at__lt=end,
                                        complaint__ticket__category__default_department__isnull=False)
            .values("complaint__ticket__category__default_department")
            .annotate(n_answered=Count("id"), n_first=Count("id", filter=Q(first_contact=True)),
                      n_known=Count("id", filter=Q(first_contact__isnull=False)),
                      n_satisfied=Count("id", filter=Q(satisfaction__gte=4)))
            .order_by())
    return {r["complaint__ticket__category__default_department"]: {
        "answered": r["n_answered"], "first_contact": r["n_first"], "first_contact_known": r["n_known"],
        "satisfied": r["n_satisfied"]} for r in rows}

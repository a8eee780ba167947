"""Reads of root-cause findings. `confirmed_findings` is what reports' penalty
computation reads: findings confirmed by the department, upheld by the manager, or
left unanswered past their deadline."""

from django.db.models import QuerySet
from django.http import Http404

from tickets.permissions import department_of, is_service_staff, sees_whole_center

from .models import ComplaintFinding, FindingStatus

CONFIRMED = (FindingStatus.CONFIRMED, FindingStatus.UPHELD)


def finding_scope(user) -> QuerySet[ComplaintFinding]:
    qs = ComplaintFinding.objects.select_related("complaint__ticket", "root_cause", "responsible_department",
                                                 "responsible_person")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_center(user) or is_service_staff(user):
        return qs
    department = department_of(user)
    return qs.filter(responsible_department=department) if department else qs.none()


def finding_get(user, pk) -> ComplaintFinding:
    finding = finding_scope(user).filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding


def confirmed_findings(department, start, end) -> QuerySet[ComplaintFinding]:
    """Confirmed findings against `department` recorded in [start, end)."""
    return (ComplaintFinding.objects.filter(responsible_department=department, status__in=CONFIRMED,
                                            recorded_at__gte=start, recorded_at__lt=end)
            .select_related("complaint__ticket", "root_cause", "responsible_person").order_by("recorded_at", "pk"))

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


def finding_history(finding: ComplaintFinding) -> list[dict]:
    """The finding's state history from the ticket event log (recorded, answered,
    decided, lapsed): at, actor, what, reason — oldest first."""
    from django.utils.translation import gettext as _

    from tickets.models import TicketEvent

    from .services.events import ACCOUNTABILITY, ROOT_CAUSE

    labels = {"confirmed": _("Confirmed"), "disputed": _("Disputed"), "upheld": _("Upheld by the manager"),
              "overturned": _("Overturned by the manager"), "lapsed": _("Deadline passed: the finding stands")}
    rows = []
    for event in (TicketEvent.objects.filter(ticket_id=finding.complaint.ticket_id, kind__in=(ROOT_CAUSE,
                                                                                                ACCOUNTABILITY))
                  .select_related("actor").order_by("at", "id")):
        what = _("Recorded") if event.kind == ROOT_CAUSE else labels.get(event.data.get("answer"), "")
        rows.append({"at": event.at, "actor": event.actor, "what": what, "reason": event.reason})
    return rows


def finding_of(complaint) -> ComplaintFinding | None:
    """The complaint's finding (the complaint is already in the user's scope)."""
    return (ComplaintFinding.objects.select_related("root_cause", "responsible_department", "responsible_person",
                                                    "decided_by").filter(complaint=complaint).first())


def finding_correctable(finding: ComplaintFinding | None) -> bool:
    """The handler may record or correct it until the department has answered."""
    return finding is None or finding.status == FindingStatus.PENDING


def finding_list(user, *, status: str = "", department=None, root_cause=None, start=None,
                 end=None) -> QuerySet[ComplaintFinding]:
    """Findings in the user's scope, filtered (status, department, root cause, recorded
    in [start, end)), newest first; filters only narrow the scope."""
    qs = finding_scope(user).select_related("complaint__ticket__category", "recorded_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    if department is not None:
        qs = qs.filter(responsible_department=department)
    if root_cause is not None:
        qs = qs.filter(root_cause=root_cause)
    if start is not None:
        qs = qs.filter(recorded_at__gte=start)
    if end is not None:
        qs = qs.filter(recorded_at__lt=end)
    return qs.order_by("-recorded_at", "-id")


def findings_awaiting_department(user) -> QuerySet[ComplaintFinding]:
    """What the user's department is asked to answer (pending, oldest deadline first)."""
    department = department_of(user)
    if department is None:
        return ComplaintFinding.objects.none()
    return (finding_scope(user).filter(responsible_department=department, status=FindingStatus.PENDING)
            .select_related("complaint__ticket__category").order_by("respond_by", "id"))


def findings_disputed(user) -> QuerySet[ComplaintFinding]:
    """Disputes awaiting the service manager's decision (oldest answer first)."""
    return (finding_scope(user).filter(status=FindingStatus.DISPUTED)
            .select_related("complaint__ticket__category").order_by("answered_at", "id"))


def month_bounds(value: str):
    """"YYYY-MM" → (start, end) aware datetimes in the current time zone, or None."""
    import re
    from datetime import datetime

    from django.utils import timezone

    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    zone = timezone.get_current_timezone()
    after = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime(year, month, 1, tzinfo=zone), datetime(*after, 1, tzinfo=zone)

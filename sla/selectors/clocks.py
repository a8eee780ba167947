"""Reads of the clocks area. A clock or breach is visible exactly when its ticket is
(`tickets.selectors.ticket_scope`); everything else is a 404."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tickets.models import Department
from tickets.permissions import department_of, is_department_staff, sees_whole_center
from tickets.selectors import ticket_scope

from ..models import Breach, ClockState, EscalationRule, SlaPolicy, TicketClock
from ..models.policies import ClockMetric

OPEN_CLOCK_STATES = (ClockState.RUNNING, ClockState.BREACHED)


def clock_scope(user) -> QuerySet[TicketClock]:
    return TicketClock.objects.filter(ticket__in=ticket_scope(user)).select_related(
        "ticket", "policy", "calendar", "calendar_version", "responsible_department", "responsible_user", "transfer",
        "transfer__department",
    )


def clock_get(user, pk) -> TicketClock:
    return get_object_or_404(clock_scope(user), pk=pk)


def ticket_clocks(ticket) -> QuerySet[TicketClock]:
    """The clocks of one ticket the caller already holds (scope checked by the caller)."""
    return ticket.sla_clocks.select_related(
        "policy", "calendar", "calendar_version", "responsible_department", "responsible_user", "transfer__department",
        "breach",
    ).order_by("started_at", "metric", "id")


def breach_scope(user) -> QuerySet[Breach]:
    return Breach.objects.filter(ticket__in=ticket_scope(user)).select_related(
        "ticket", "department", "person", "clock")


def policy_list() -> QuerySet[SlaPolicy]:
    return SlaPolicy.objects.select_related("category", "calendar", "agreement_version").prefetch_related("rules")


def escalation_rules(policy) -> QuerySet[EscalationRule]:
    return policy.rules.order_by("level")


def dashboard_departments(user) -> QuerySet[Department]:
    """Departments whose SLA dashboard the user may open: their own (department staff
    and heads), every one (center-wide roles and admins)."""
    if sees_whole_center(user):
        return Department.objects.filter(is_active=True)
    if is_department_staff(user):
        return Department.objects.filter(pk=department_of(user).pk)
    return Department.objects.none()


def month_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def department_dashboard(department: Department, *, now: datetime) -> dict:
    """This month's clocks of a department: at risk (past the warning, not yet due),
    breached (breaches recorded this month), and counts per metric."""
    since = month_start(now)
    clocks = TicketClock.objects.filter(responsible_department=department).select_related(
        "ticket", "responsible_user", "transfer")
    at_risk = clocks.filter(state=ClockState.RUNNING, warn_at__lte=now, due_at__gt=now).order_by("due_at")
    breaches = Breach.objects.filter(department=department, breached_at__gte=since, breached_at__lte=now)
    counts = clocks.filter(started_at__gte=since).aggregate(
        total=Count("id"),
        met=Count("id", filter=Q(state=ClockState.MET)),
        breached=Count("id", filter=Q(state=ClockState.BREACHED)),
        running=Count("id", filter=Q(state=ClockState.RUNNING)),
        paused=Count("id", filter=Q(state=ClockState.PAUSED)),
    )
    by_metric = [
        {**row, "label": ClockMetric(row["metric"]).label}
        for row in breaches.values("metric").annotate(n=Count("id")).order_by("metric")
    ]
    return {
        "since": since,
        "at_risk": at_risk[:100],
        "at_risk_count": at_risk.count(),
        "breaches": breaches.select_related("ticket", "person").order_by("-breached_at")[:100],
        "breach_count": breaches.count(),
        "breaches_by_metric": by_metric,
        "counts": counts,
    }

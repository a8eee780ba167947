"""Reads of the clocks area. A clock or breach is visible exactly when its ticket is
(`tickets.selectors.ticket_scope`); everything else is a 404."""

from __future__ import annotations

from datetime import datetime, timedelta

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


def _next_month(start: datetime) -> datetime:
    return (start + timedelta(days=32)).replace(day=1)


def dashboard_months(now: datetime, count: int = 12) -> list[datetime]:
    """The month picker's choices: the current month and the `count - 1` before it."""
    months = [month_start(now)]
    for _i in range(count - 1):
        months.append(month_start(months[-1] - timedelta(days=1)))
    return months


def open_overdue_clocks(department, *, now: datetime) -> QuerySet[TicketClock]:
    """Clocks of a department past their due time and still not met, whatever the
    month they fell due in (the backlog never drops off the page). Decided by the due
    time, not by whether a sweep has marked them yet."""
    return TicketClock.objects.filter(
        responsible_department=department, state__in=OPEN_CLOCK_STATES, stopped_at__isnull=True, due_at__lte=now,
    ).select_related("ticket", "responsible_user", "transfer")


def with_overdue_counts(departments: QuerySet[Department], *, now: datetime) -> QuerySet[Department]:
    """Each department with `overdue`: its open questions past their due time."""
    open_clocks = Q(sla_clocks__stopped_at__isnull=True, sla_clocks__state__in=OPEN_CLOCK_STATES,
                    sla_clocks__due_at__lte=now)
    return departments.annotate(overdue=Count("sla_clocks", filter=open_clocks))


def busiest_department(departments: QuerySet[Department], *, now: datetime) -> Department | None:
    """The department a center-wide viewer sees first: the business department with
    the most open overdue questions (the center's own backlog is the team queue);
    else the first business department."""
    ranked = with_overdue_counts(departments.filter(kind=Department.Kind.BUSINESS), now=now).filter(overdue__gt=0)
    return ranked.order_by("-overdue", "code").first() or departments.filter(
        kind=Department.Kind.BUSINESS).order_by("code").first() or departments.order_by("code").first()


def department_dashboard(department: Department, *, now: datetime, month: datetime | None = None) -> dict:
    """One department's SLA page: the open overdue backlog (any month), what is at
    risk now (past the warning, not yet due), and for the chosen month (default: this
    one) the breaches recorded and the deadlines started, by outcome."""
    since = month_start(month or now)
    until = min(_next_month(since), now) if since <= now else since
    clocks = TicketClock.objects.filter(responsible_department=department).select_related(
        "ticket", "responsible_user", "transfer")
    at_risk = clocks.filter(state=ClockState.RUNNING, warn_at__lte=now, due_at__gt=now).order_by("due_at")
    overdue = open_overdue_clocks(department, now=now).order_by("due_at")
    breaches = Breach.objects.filter(department=department, breached_at__gte=since, breached_at__lt=until)
    counts = clocks.filter(started_at__gte=since, started_at__lt=until).aggregate(
        total=Count("id"),
        met=Count("id", filter=Q(state=ClockState.MET)),
        # Past due counts as missed as soon as it is due, not when a sweep marks it.
        breached=Count("id", filter=Q(state=ClockState.BREACHED)
                       | Q(state=ClockState.RUNNING, stopped_at__isnull=True, due_at__lte=now)),
        running=Count("id", filter=Q(state=ClockState.RUNNING) & (Q(due_at__gt=now) | Q(due_at__isnull=True))),
        paused=Count("id", filter=Q(state=ClockState.PAUSED)),
    )
    by_metric = [
        {**row, "label": ClockMetric(row["metric"]).label}
        for row in breaches.values("metric").annotate(n=Count("id")).order_by("metric")
    ]
    return {
        "since": since,
        "is_current_month": since == month_start(now),
        "overdue": overdue[:200],
        "overdue_count": overdue.count(),
        "at_risk": at_risk[:100],
        "at_risk_count": at_risk.count(),
        "breaches": breaches.select_related("ticket", "person").order_by("-breached_at")[:100],
        "breach_count": breaches.count(),
        "breaches_by_metric": by_metric,
        "counts": counts,
    }

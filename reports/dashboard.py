"""Reads behind the dashboards: a department's agreements this month to date against
each indicator with a forecast to month end, the clocks at risk and breached now, the
pending appeals and penalties, and 12-month trends from the closed months.

Forecast: a rate (compliance, complaint rate) is forecast to stay at its month-to-date
value; the figures behind it are scaled to the whole month by elapsed days. Scoped:
the caller has already chosen a department it may see (`dashboard_departments`)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from sla.selectors.clocks import department_dashboard as clock_dashboard

from .models import AgreementClose, Appeal, AppealStatus, IndicatorResult, Violation
from .services.scope import period_context, versions_in_force
from .sources import compare, figure_for, month_start, next_month, previous_month, quarter_start


def _party_versions(department, start, end):
    return [v for v in versions_in_force(start, end)
            if department.is_service_center and v.provider_id == department.pk
            or any(d.pk == department.pk for d in v.client_departments.all())]


DASHBOARD_CACHE_SECONDS = 600


def _cache_key(department, day) -> str:
    return f"reports:mtd:{department.pk}:{day.isoformat()}"


def month_to_date(department, *, now, refresh: bool = False) -> dict:
    """The month-to-date figures as last computed (at most a few minutes old: beat
    refreshes them every 5 minutes, `dashboards_refresh`), computed now on a miss.
    Over a million tickets a month the aggregate takes seconds; the page must not."""
    key = _cache_key(department, timezone.localdate(now))
    cached = None if refresh else cache.get(key)
    if cached is None:
        cached = {"as_of": now, "agreements": _month_to_date(department, now=now)}
        cache.set(key, cached, DASHBOARD_CACHE_SECONDS)
    return cached


def dashboards_refresh(*, now=None) -> int:
    """Recompute every active department's month-to-date figures into the cache."""
    from tickets.models import Department

    now = now or timezone.now()
    departments = list(Department.objects.filter(is_active=True))
    for department in departments:
        month_to_date(department, now=now, refresh=True)
    return len(departments)


def _month_to_date(department, *, now) -> list[dict]:
    today = timezone.localdate(now)
    start = month_start(today)
    end = next_month(start) - timedelta(days=1)
    elapsed = (today - start).days + 1
    scale = Decimal(end.day) / Decimal(elapsed)
    agreements = []
    for version in _party_versions(department, start, end):
        rows = []
        for indicator in version.indicators.all():
            first = quarter_start(start) if indicator.period == "quarter" else start
            ctx = period_context(version, first, end, until_cap=now)
            figure = figure_for(indicator.metric, ctx)
            override = next((o for o in indicator.overrides.all()
                             if o.period_start == (quarter_start(start) if indicator.period == "quarter" else start)),
                            None)
            target = override.target if override else indicator.target
            forecast = _forecast(indicator.metric, figure, scale)
            on_track = (compare(indicator.comparator, forecast["numerator"], figure.denominator, forecast["actual"],
                                target) if figure.available else None)
            rows.append({"indicator": indicator, "figure": figure, "target": target, "override": override,
                         "on_track": on_track, **forecast})
        agreements.append({"version": version, "rows": rows})
    return agreements


def _forecast(metric: str, figure, scale: Decimal) -> dict:
    """To month end. Compliance rates keep their month-to-date value over about `scale`
    times as many clocks; the complaint rate's complaints grow with the days against
    the month's (already imported) orders; counts grow with the days."""
    if not figure.available:
        return {"forecast": None, "numerator": None, "forecast_count": None}
    if metric == "channel_complaints_per_orders":
        numerator = (figure.numerator * scale).quantize(Decimal("1"))
        actual = (numerator * 100 / figure.denominator).quantize(Decimal("0.0001"))
        return {"forecast": actual, "numerator": numerator, "actual": actual, "forecast_count": numerator}
    if figure.denominator:
        return {"forecast": figure.actual, "numerator": figure.numerator, "actual": figure.actual,
                "forecast_count": (figure.denominator * scale).quantize(Decimal("1"))}
    actual = (figure.actual * scale).quantize(Decimal("0.0001"))
    return {"forecast": actual, "numerator": None, "actual": actual, "forecast_count": None}


def trends(department, *, now, months: int = 12) -> list[dict]:
    """Per agreement: the last `months` closed months of each indicator (actual and target)."""
    last = previous_month(month_start(timezone.localdate(now)))
    first = last
    for _i in range(months - 1):
        first = previous_month(first)
    labels, day = [], first
    while day <= last:
        labels.append(f"{day:%Y-%m}")
        day = next_month(day)
    results = (IndicatorResult.objects.filter(close__month__month__gte=first, close__month__month__lte=last)
               .filter(Q(close__version__client_departments=department) | Q(close__version__provider=department))
               .select_related("close__month", "close__version__agreement").order_by("close__month__month"))
    charts: dict = {}
    for r in results:
        agreement = r.close.version.agreement
        chart = charts.setdefault(agreement.pk, {"title": f"{agreement.code} {agreement.title}", "series": {}})
        series = chart["series"].setdefault(r.name, {"name": r.name, "unit": r.unit, "data": [None] * len(labels)})
        index = labels.index(f"{r.close.month.month:%Y-%m}")
        series["data"][index] = float(r.actual) if r.actual is not None else None
    return [{"id": f"trend-{pk}", "title": c["title"], "labels": labels, "series": list(c["series"].values())}
            for pk, c in charts.items()]


def department_summary(department, *, now) -> dict:
    clocks = clock_dashboard(department, now=now)
    pending = (Appeal.objects.filter(status=AppealStatus.PENDING)
               .filter(Q(violation__department=department) | Q(violation__close__version__provider=department)
                       | Q(violation__close__version__client_departments=department))
               .select_related("violation__close__month", "violation__person", "violation__ticket",
                               "violation__indicator_result", "filed_by").distinct()
               .order_by("filed_at"))
    open_penalties = (Violation.objects.filter(department=department, current=True, close__month__status="open")
                      .aggregate(n=Count("id"), total=Sum("final_amount")))
    party = Q(version__client_departments=department) | Q(version__provider=department)
    latest = AgreementClose.objects.filter(party).order_by("-month__month").values_list("month", flat=True).first()
    last_closes = (AgreementClose.objects.filter(party, month=latest).distinct()
                   .select_related("month", "version__agreement")
                   .prefetch_related("indicator_results") if latest else [])
    return {"clocks": clocks, "pending_appeals": pending[:50], "pending_count": pending.count(),
            "open_penalties": open_penalties, "last_closes": last_closes}


def queue_health(user, *, now) -> dict:
    """An agent's own queue (a team lead's: the whole center's), from the scoped ticket
    and clock selectors: open tickets by status, clocks at risk and overdue now, and
    this month's breaches charged to them."""
    from sla.models import Breach
    from sla.selectors.clocks import clock_scope
    from tickets.models.tickets import OPEN_STATUSES
    from tickets.permissions import sees_whole_center
    from tickets.selectors import ticket_scope

    mine = not sees_whole_center(user)
    tickets = ticket_scope(user).filter(status__in=OPEN_STATUSES)
    if mine:
        tickets = tickets.filter(assignee=user)
    from tickets.models import TicketStatus

    by_status = {str(TicketStatus(r["status"]).label): r["n"]
                 for r in tickets.values("status").annotate(n=Count("id")).order_by("status")}
    clocks = clock_scope(user).filter(ticket__in=tickets, stopped_at__isnull=True)
    counts = clocks.aggregate(
        at_risk=Count("id", filter=Q(state="running", warn_at__lte=now, due_at__gt=now)),
        overdue=Count("id", filter=Q(state__in=("running", "breached"), due_at__lte=now)))
    since = local_month_start(now)
    breaches = Breach.objects.filter(breached_at__gte=since, breached_at__lte=now)
    breaches = breaches.filter(person=user) if mine else breaches.filter(department__kind="service_center")
    return {"mine": mine, "open": sum(by_status.values()), "by_status": by_status, **counts,
            "breaches": breaches.count()}


def local_month_start(now):
    from .sources import local_midnight

    return local_midnight(month_start(timezone.localdate(now)))

"""Reads for the calendar pages, API and admin: scoped lookups, the version history
and year overview, and the due-date simulator (which explains, window by window,
how `sla.kernel` arrived at a due date)."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from .. import kernel
from ..kernel_calendars import calendar_scope, kernel_calendar, local_date, version_for_date, weekly_from_json
from ..models import CalendarOverride, CalendarVersion, ServiceCalendar

# Simulator bounds: a year of business time or of working days is far beyond any SLA.
MAX_SIMULATED_SECONDS = 366 * 86_400
MAX_SIMULATED_DAYS = 366
MAX_EXPLANATION_ROWS = 200


def calendar_list(user) -> QuerySet[ServiceCalendar]:
    return calendar_scope(user).order_by("department__kind", "department__code", "name")


def calendar_get(user, pk) -> ServiceCalendar:
    try:
        return calendar_scope(user).get(pk=pk)
    except (ServiceCalendar.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def calendar_versions(calendar: ServiceCalendar) -> list[CalendarVersion]:
    return list(calendar.versions.select_related("created_by").order_by("effective_from"))


def calendar_overrides(calendar: ServiceCalendar, *, year: int | None = None, source: str | None = None):
    qs = calendar.overrides.order_by("date")
    if year is not None:
        qs = qs.filter(date__year=year)
    if source:
        qs = qs.filter(source=source)
    return qs




def weekday_names() -> list[str]:
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


def weekly_rows(version: CalendarVersion) -> list[dict]:
    """One row per weekday: its name and windows as "09:00-12:00" strings."""
    hours = weekly_from_json(version.weekly)
    return [{"day": name, "windows": [f"{a}–{b}" for a, b in hours.get(i, [])]}
            for i, name in enumerate(weekday_names())]


@dataclass
class VersionView:
    version: CalendarVersion
    rows: list[dict]
    status: str  # "past", "current" or "future"


def calendar_version_views(calendar: ServiceCalendar, now: datetime) -> list[VersionView]:
    versions = calendar_versions(calendar)
    current = version_for_date(versions, local_date(calendar, now))
    out = []
    for v in versions:
        if v is current:
            status = "current"
        elif current is not None and v.effective_from > current.effective_from:
            status = "future"
        else:
            status = "past"
        out.append(VersionView(v, weekly_rows(v), status))
    return out


def year_grid(calendar: ServiceCalendar, year: int) -> list[dict]:
    """Twelve compact months: weeks of days, each day marked with its override
    (holiday / make-up workday / shortened / special) or closed by the weekly hours."""
    versions = calendar_versions(calendar)
    overrides = {o.date: o for o in calendar_overrides(calendar, year=year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar().monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                override = overrides.get(day)
                version = version_for_date(versions, day)
                open_by_week = bool(version and version.weekly.get(str(day.weekday())))
                cells.append({"date": day, "override": override,
                              "closed": not override.hours if override else not open_by_week})
            weeks.append(cells)
        months.append({"month": month, "name": date(year, month, 1), "weeks": weeks})
    return months


# --- Due-date simulator ---------------------------------------------------------------


@dataclass
class SimulationResult:
    due: datetime
    explanation: list[dict] = field(default_factory=list)
    truncated: int = 0  # explanation rows left off (very long spans)
    working_seconds: int = 0
    timezone: str = ""

    def due_local(self) -> datetime:
        return self.due.astimezone(ZoneInfo(self.timezone))


def _closed_reason(closed_days: list[tuple[date, CalendarOverride | None]]) -> tuple[str, list[str]]:
    names = []
    for _day, override in closed_days:
        if override is not None and not override.hours:
            name = override.display_name or override.get_kind_display()
            if name not in names:
                names.append(name)
    return ("holiday" if names else "outside_hours"), names


def simulate_due(*, calendar: ServiceCalendar, start: datetime, seconds: int | None = None,
                 days: int | None = None, end_of_day: bool = False) -> SimulationResult:
    """When is something due that starts at `start` and takes `seconds` of business
    time (or `days` working days), and why: the working windows counted with their
    local times and the minutes each contributed, and the closed stretches skipped
    (naming the holidays)."""
    if not isinstance(start, datetime) or start.tzinfo is None:
        raise DomainError(_("The start needs a time zone (an aware date-time)."), code="naive_datetime")
    if (seconds is None) == (days is None):
        raise DomainError(_("Give either a duration or a number of working days."), code="duration")
    for value, limit in ((seconds, MAX_SIMULATED_SECONDS), (days, MAX_SIMULATED_DAYS)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit):
            raise DomainError(_("The duration must be a whole number between 0 and %(max)s.") % {"max": limit},
                              code="duration")
    cal = kernel_calendar(calendar)
    try:
        due = kernel.add(cal, start, seconds) if days is None else kernel.add_days(cal, start, days, end_of_day)
        segs = kernel.segments(cal, min(start, due), max(start, due))
    except ValueError as exc:
        raise DomainError(str(exc), code="calendar") from None
    zone = ZoneInfo(calendar.timezone)
    first, last = local_date(calendar, min(start, due)), local_date(calendar, max(start, due))
    overrides = {o.date: o for o in calendar.overrides.filter(date__gte=first, date__lte=last)}
    rows, working = [], 0
    for seg_start, seg_end, kind in segs:
        a, b = seg_start.astimezone(zone), seg_end.astimezone(zone)
        length = int((seg_end - seg_start).total_seconds())
        row = {"kind": kind, "start": seg_start, "end": seg_end, "start_local": a, "end_local": b,
               "seconds": length if kind == "working" else 0, "reason": "", "holidays": []}
        if kind == "working":
            working += length
        elif kind == "closed":
            day, days_in = a.date(), []
            while day <= b.date():
                days_in.append((day, overrides.get(day)))
                day += timedelta(days=1)
            row["reason"], row["holidays"] = _closed_reason(days_in)
        row["minutes"] = round(row["seconds"] / 60, 2)
        rows.append(row)
    truncated = max(0, len(rows) - MAX_EXPLANATION_ROWS)
    return SimulationResult(due=due, explanation=rows[:MAX_EXPLANATION_ROWS], truncated=truncated,
                            working_seconds=working, timezone=calendar.timezone)

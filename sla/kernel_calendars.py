"""The calendar contract: which calendar governs a department, and what the
business-time kernel (`sla.kernel`) sees of it. Reads only; writes live in
`sla.services.calendars`.

- `department_calendar(department)`: the department's active calendar, else the
  service center's (a department without its own hours works to the center's).
- `kernel_calendar(service_calendar)`: one `sla.kernel.Calendar` for the whole
  history. The newest version supplies the weekly hours; every date governed by an
  older version (where its hours differ) becomes an override, so a new version
  never rewrites the past. Explicit overrides (holidays, make-up workdays...) win.
  Cached in-process by (id, revision): every write bumps `revision`.
- `version_at(service_calendar, when)`: the version in force at that instant
  (its local date in the calendar's zone). The first version also covers the
  dates before it: nothing ran under the calendar then, so there is no past to keep.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.models import Department
from tickets.permissions import department_of, is_department_staff, role_of

from . import kernel
from .models import CalendarOverride, CalendarVersion, ServiceCalendar

# Dates before the first version are given its hours explicitly for this long when
# a later version differs (back-dated tickets); earlier still, the newest hours apply.
FIRST_VERSION_LOOKBACK = timedelta(days=366)


class NoCalendar(DomainError):
    """Neither the department nor the service center has an active calendar
    (`calendar_default_for_department` creates one)."""

    status = 409
    code = "no_calendar"


def weekly_from_json(weekly: dict) -> dict[int, list[tuple[str, str]]]:
    """The stored JSON ({"0": [["09:00", "12:00"]], ...}) as the kernel's mapping."""
    return {int(day): [tuple(w) for w in windows] for day, windows in (weekly or {}).items()}


def department_calendar(department: Department | int | None) -> ServiceCalendar:
    """The active calendar of `department` (a Department or its id), falling back to
    the service center's. Raises NoCalendar when neither has one."""
    if department is not None:
        own = ServiceCalendar.objects.filter(department=department, is_active=True).first()
        if own is not None:
            return own
    center = (
        ServiceCalendar.objects.filter(is_active=True, department__kind=Department.Kind.SERVICE_CENTER)
        .order_by("department_id", "id")
        .first()
    )
    if center is None:
        raise NoCalendar(_("No active service calendar for %(department)s or the service center.")
                         % {"department": department or "-"})
    return center


def local_date_in(tz: str, when: datetime) -> date:
    if not isinstance(when, datetime) or when.tzinfo is None:
        raise DomainError(_("A time zone is required (an aware date-time)."), code="naive_datetime")
    return when.astimezone(ZoneInfo(tz)).date()


def local_date(service_calendar: ServiceCalendar, when: datetime) -> date:
    return local_date_in(service_calendar.timezone, when)


def _versions(service_calendar: ServiceCalendar) -> list[CalendarVersion]:
    return list(service_calendar.versions.order_by("effective_from"))


def version_for_date(versions: list[CalendarVersion], day: date) -> CalendarVersion | None:
    """The version governing the local date `day`, from versions sorted by effective_from."""
    if not versions:
        return None
    i = bisect_right([v.effective_from for v in versions], day) - 1
    return versions[max(i, 0)]


def version_at(service_calendar: ServiceCalendar, when: datetime) -> CalendarVersion:
    version = version_for_date(_versions(service_calendar), local_date(service_calendar, when))
    if version is None:
        raise NoCalendar(_("The calendar %(name)s has no weekly hours yet.") % {"name": service_calendar.name})
    return version


def build_kernel_calendar(
    tz: str, versions: list[CalendarVersion], overrides: list[CalendarOverride]
) -> kernel.Calendar:
    """The kernel calendar from rows (no queries): see the module docstring."""
    if not versions:
        raise ValueError("a calendar needs at least one version of weekly hours")
    versions = sorted(versions, key=lambda v: v.effective_from)
    newest = weekly_from_json(versions[-1].weekly)
    # Each version is an era of the kernel calendar (materialised lazily, per chunk of
    # time asked about), never a list of dates: a version dated far away costs nothing.
    eras = []
    if len(versions) > 1:
        first = versions[0].effective_from
        lookback = date.fromordinal(max(1, first.toordinal() - FIRST_VERSION_LOOKBACK.days))
        eras = [(lookback, weekly_from_json(versions[0].weekly))]
        eras += [(v.effective_from, weekly_from_json(v.weekly)) for v in versions[1:]]
    by_date = {override.date: [tuple(w) for w in override.hours] for override in overrides}
    return kernel.Calendar(tz, newest, by_date, eras)


_cache: dict[int, tuple[int, kernel.Calendar]] = {}
_cache_lock = threading.Lock()


def kernel_calendar(service_calendar: ServiceCalendar) -> kernel.Calendar:
    """The kernel's view of `service_calendar`, cached by (id, revision)."""
    key, revision = service_calendar.pk, service_calendar.revision
    hit = _cache.get(key)
    if hit is not None and hit[0] == revision:
        return hit[1]
    calendar = build_kernel_calendar(
        service_calendar.timezone, _versions(service_calendar), list(service_calendar.overrides.all())
    )
    with _cache_lock:
        current = _cache.get(key)
        if current is None or current[0] <= revision:
            _cache[key] = (revision, calendar)
    return calendar


def kernel_cache_evict(calendar_id: int) -> None:
    """Drop one calendar from this process's cache (the writing services call it, so
    a rolled-back write or a reused id can never serve stale hours here)."""
    with _cache_lock:
        _cache.pop(calendar_id, None)


def kernel_cache_clear() -> None:
    """Forget every cached kernel calendar."""
    with _cache_lock:
        _cache.clear()


# --- Who may see and change calendars ---------------------------------------------


def calendar_scope(user) -> QuerySet[ServiceCalendar]:
    """Calendars are not secret: service-center staff and admins see all of them;
    department staff and heads see their own department's, the service center's and
    company-wide ones (the calendars their tickets can run on). Others: none."""
    qs = ServiceCalendar.objects.select_related("department")
    role = role_of(user)
    if role is None:
        return qs.none()
    if is_department_staff(user):
        department = department_of(user)
        return qs.filter(
            Q(department=department) | Q(department__isnull=True) | Q(department__kind=Department.Kind.SERVICE_CENTER)
        )
    return qs

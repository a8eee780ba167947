"""Writes to service calendars: creation (and the per-department default), new
versions of the weekly hours, dated overrides, and the import of China's statutory
holidays and make-up workdays.

Rules held here:
- the past is never rewritten: a version takes effect from a local date that is not
  before today (in the calendar's zone); overrides on past dates are refused, and
  the import leaves past dates alone (except on a calendar created in the same call);
- hours are validated by `sla.kernel.Calendar`, whose message is shown as is;
- every write locks the calendar row and bumps `revision` (kernel cache key);
- only service managers and admins edit; the system (demo, commands) says so with
  `actor=None, system=True` (`sla.permissions`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError

from .. import kernel
from .. import kernel_calendars as contract
from ..holidays_cn import statutory_days
from ..models import CalendarOverride, CalendarVersion, ServiceCalendar
from ..permissions import can_edit_calendars

Kind = CalendarOverride.Kind

# 全年无休: the service center answers 08:00-22:00 every day, holidays included.
CENTER_WEEKLY = {str(d): [["08:00", "22:00"]] for d in range(7)}
# Business departments: office hours Monday to Friday, statutory holidays observed.
BUSINESS_WEEKLY = {
    **{str(d): [["09:00", "12:00"], ["13:30", "18:00"]] for d in range(5)},
    "5": [],
    "6": [],
}


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


def _check_actor(actor, system: bool) -> None:
    if not system and not can_edit_calendars(actor):
        raise Forbidden(_("Only service managers and administrators may change service calendars."))


def _today(calendar_or_tz, now: datetime) -> date:
    tz = calendar_or_tz if isinstance(calendar_or_tz, str) else calendar_or_tz.timezone
    return contract.local_date_in(tz, now)


def weekly_normalize(weekly, tz: str = "UTC") -> dict[str, list[list[str]]]:
    """Check weekly hours through the kernel and return the stored form with all
    seven days ("0" = Monday). Malformed or overlapping windows → DomainError."""
    if not isinstance(weekly, dict):
        raise DomainError(_("Weekly hours must map weekdays 0 (Monday) to 6 (Sunday) to lists of windows."),
                          code="weekly")
    parsed = {}
    for key, windows in weekly.items():
        try:
            day = int(key)
        except (TypeError, ValueError):
            raise DomainError(_("Unknown weekday %(day)r: use 0 (Monday) to 6 (Sunday).") % {"day": key},
                              code="weekly") from None
        if not 0 <= day <= 6 or day in parsed:
            raise DomainError(_("Unknown weekday %(day)r: use 0 (Monday) to 6 (Sunday).") % {"day": key},
                              code="weekly")
        parsed[day] = windows if windows is not None else []
    try:
        kernel.Calendar(tz, parsed)
    except ValueError as exc:
        raise DomainError(str(exc), code="weekly") from None
    return {str(d): sorted([list(w) for w in parsed.get(d, [])]) for d in range(7)}


def _hours_normalize(hours, tz: str, day: date) -> list[list[str]]:
    if hours is None:
        hours = []
    try:
        kernel.Calendar(tz, {}, {day: hours})
    except ValueError as exc:
        raise DomainError(str(exc), code="hours") from None
    return sorted([list(w) for w in hours])


def _bump(calendar: ServiceCalendar) -> ServiceCalendar:
    ServiceCalendar.objects.filter(pk=calendar.pk).update(revision=F("revision") + 1)
    calendar.refresh_from_db(fields=["revision"])
    contract.kernel_cache_evict(calendar.pk)
    _replay_clocks_after_commit(calendar)
    return calendar


def _replay_clocks_after_commit(calendar: ServiceCalendar) -> None:
    """Due times derived from this calendar must follow its change: once the change is
    committed, the open tickets whose clocks run on it are replayed from their logs —
    recorded durably (a `RecomputeRequest` in this transaction, re-driven by beat)."""
    from django.utils import timezone as django_timezone

    from tickets.models.tickets import OPEN_STATUSES

    from ..models import TicketClock
    from .recompute_requests import recompute_request_create

    ids = list(
        TicketClock.objects.filter(calendar=calendar, ticket__status__in=OPEN_STATUSES)
        .values_list("ticket_id", flat=True)
        .distinct()
    )
    if ids:
        recompute_request_create(reason=f"calendar {calendar.pk} changed", ticket_ids=ids,
                                 now=django_timezone.now())


# Dates a calendar may be given (effective dates, overrides): today ± this many days
# (ten years). Nothing plans further, and a bound keeps every rebuild small.
DATE_SPAN = timedelta(days=3653)


def _check_date_in_range(day, today: date, code: str) -> None:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise DomainError(_("The date must be a date."), code=code)
    if not today - DATE_SPAN <= day <= today + DATE_SPAN:
        raise DomainError(
            _("%(date)s is too far away: calendar dates lie between %(first)s and %(last)s.")
            % {"date": day, "first": today - DATE_SPAN, "last": today + DATE_SPAN},
            code=code,
        )


def _lock(calendar: ServiceCalendar) -> ServiceCalendar:
    return ServiceCalendar.objects.select_for_update().get(pk=calendar.pk)


@transaction.atomic
def calendar_create(*, name: str, name_en: str = "", department=None, timezone: str = "Asia/Shanghai", weekly: dict,
                    effective_from: date, observes_statutory_holidays: bool = True, actor, system: bool = False,
                    now: datetime) -> ServiceCalendar:
    """A new active calendar with its first version. The first version may start on
    any date: nothing has run under this calendar yet."""
    _check_actor(actor, system)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("A calendar needs a name."), code="name")
    try:
        kernel.Calendar(timezone, {})
    except ValueError as exc:
        raise DomainError(str(exc), code="timezone") from None
    _check_date_in_range(effective_from, _today(timezone, now), "effective_from")
    stored = weekly_normalize(weekly, timezone)
    if department is not None and ServiceCalendar.objects.filter(department=department, is_active=True).exists():
        raise Conflict(_("%(department)s already has an active calendar.") % {"department": department})
    calendar = ServiceCalendar.objects.create(
        name=name, name_en=(name_en or "").strip()[:100], department=department, timezone=timezone,
        observes_statutory_holidays=observes_statutory_holidays, is_active=True,
    )
    CalendarVersion.objects.create(calendar=calendar, effective_from=effective_from, weekly=stored,
                                   note=_("Initial hours"), created_by=actor, created_at=now)
    return _bump(calendar)


@transaction.atomic
def calendar_update(*, calendar: ServiceCalendar, actor, system: bool = False, now: datetime,
                    name: str | None = None, name_en: str | None = None,
                    is_active: bool | None = None) -> ServiceCalendar:
    """Rename a calendar, or (de)activate it. Its zone and hours are never edited in
    place (a new version or a new calendar does that). A department has at most one
    active calendar; (de)activating changes which calendar governs it, so the open
    clocks on it are replayed."""
    _check_actor(actor, system)
    calendar = _lock(calendar)
    if name is not None:
        name = name.strip()
        if not name:
            raise DomainError(_("A calendar needs a name."), code="name", field="name")
        calendar.name = name[:100]
    if name_en is not None:
        calendar.name_en = name_en.strip()[:100]
    if is_active is not None and is_active != calendar.is_active:
        if is_active and calendar.department_id is not None and ServiceCalendar.objects.filter(
                department_id=calendar.department_id, is_active=True).exclude(pk=calendar.pk).exists():
            raise Conflict(_("%(department)s already has an active calendar.") % {"department": calendar.department})
        calendar.is_active = is_active
    calendar.save()
    return _bump(calendar)


def calendar_default_for_department(*, department, now: datetime) -> ServiceCalendar:
    """The department's active calendar, created with the default hours if missing
    (idempotent). The service center: 08:00-22:00 daily, working on holidays. A
    business department: Mon-Fri 09:00-12:00 and 13:30-18:00 with China's holidays
    and make-up workdays of this year and the next imported."""
    existing = ServiceCalendar.objects.filter(department=department, is_active=True).first()
    if existing is not None:
        return existing
    center = department.is_service_center
    tz = settings.TIME_ZONE
    today = _today(tz, now)
    try:
        with transaction.atomic():
            calendar = calendar_create(actor=None, system=True,
                # Stored names (data, like the department's): Chinese and English.
                name=f"{department.name}服务时间", name_en=f"{department.name_en or department.name} service hours",
                department=department, timezone=tz,
                weekly=CENTER_WEEKLY if center else BUSINESS_WEEKLY,
                effective_from=date(today.year, 1, 1), observes_statutory_holidays=not center, now=now,
            )
            if calendar.observes_statutory_holidays:
                for year in (today.year, today.year + 1):
                    calendar_import_statutory(actor=None, system=True,
                                              calendar=calendar, year=year, now=now, include_past=True)
    except (IntegrityError, Conflict):
        # A concurrent caller created it first (one active calendar per department).
        return ServiceCalendar.objects.get(department=department, is_active=True)
    calendar.refresh_from_db()
    return calendar


@transaction.atomic
def calendar_version_create(*, calendar: ServiceCalendar, weekly: dict, effective_from: date, actor,
                            system: bool = False, note: str = "", now: datetime) -> CalendarVersion:
    """New weekly hours from `effective_from` (a local date, today or later). A
    version not yet in force may be replaced by another for the same date."""
    _check_actor(actor, system)
    calendar = _lock(calendar)
    if not isinstance(effective_from, date) or isinstance(effective_from, datetime):
        raise DomainError(_("The effective date must be a date."), code="effective_from")
    today = _today(calendar, now)
    if effective_from < today:
        raise DomainError(
            _("New hours cannot start in the past (%(date)s is before today, %(today)s): the past is never "
              "rewritten.") % {"date": effective_from, "today": today},
            code="past",
        )
    _check_date_in_range(effective_from, today, "effective_from")
    stored = weekly_normalize(weekly, calendar.timezone)
    version = calendar.versions.filter(effective_from=effective_from).first()
    if version is not None:
        if effective_from <= today:
            raise Conflict(_("A version already took effect on %(date)s.") % {"date": effective_from})
        version.weekly, version.note, version.created_by, version.created_at = stored, note, actor, now
        version.save(update_fields=["weekly", "note", "created_by", "created_at"])
    else:
        version = CalendarVersion.objects.create(calendar=calendar, effective_from=effective_from, weekly=stored,
                                                 note=note[:200], created_by=actor, created_at=now)
    _refresh_imported_workdays(calendar, since=effective_from)
    _bump(calendar)
    return version


def _workday_hours(version: CalendarVersion | None) -> list[list[str]]:
    """The hours of a regular workday under `version` (a make-up workday's hours):
    the first weekday Monday-Friday that has any."""
    weekly = version.weekly if version else BUSINESS_WEEKLY
    for day in range(5):
        if weekly.get(str(day)):
            return [list(w) for w in weekly[str(day)]]
    return [list(w) for w in BUSINESS_WEEKLY["0"]]


def _refresh_imported_workdays(calendar: ServiceCalendar, *, since: date) -> None:
    versions = list(calendar.versions.order_by("effective_from"))
    for override in calendar.overrides.filter(source=CalendarOverride.Source.IMPORTED, kind=Kind.MAKEUP_WORKDAY,
                                              date__gte=since):
        hours = _workday_hours(contract.version_for_date(versions, override.date))
        if override.hours != hours:
            override.hours = hours
            override.save(update_fields=["hours"])


HOUR_KINDS = {Kind.MAKEUP_WORKDAY, Kind.SHORTENED, Kind.SPECIAL}


@transaction.atomic
def calendar_override_set(*, calendar: ServiceCalendar, date: date, kind: str, hours=None, name: str = "",
                          name_en: str = "", actor, system: bool = False, now: datetime) -> CalendarOverride:
    """Set the hours of one local date (today or later) by hand: a holiday is closed,
    the other kinds need their windows. Replaces what was there (imported or not)."""
    _check_actor(actor, system)
    calendar = _lock(calendar)
    if date < _today(calendar, now):
        raise DomainError(_("%(date)s is in the past: past days are never rewritten.") % {"date": date},
                          code="past")
    _check_date_in_range(date, _today(calendar, now), "date")
    if kind not in Kind.values:
        raise DomainError(_("Unknown override kind %(kind)r.") % {"kind": kind}, code="kind")
    hours = _hours_normalize(hours, calendar.timezone, date)
    if kind == Kind.HOLIDAY and hours:
        raise DomainError(_("A holiday is closed all day: leave its hours empty."), code="hours")
    if kind in HOUR_KINDS and not hours:
        raise DomainError(_("This kind of day needs its working hours."), code="hours")
    override, _created = CalendarOverride.objects.update_or_create(
        calendar=calendar, date=date,
        defaults={"kind": kind, "hours": hours, "name": (name or "")[:100], "name_en": (name_en or "")[:100],
                  "source": CalendarOverride.Source.MANUAL, "created_at": now},
    )
    _bump(calendar)
    return override


@transaction.atomic
def calendar_override_delete(*, calendar: ServiceCalendar, date: date, actor, system: bool = False,
                             now: datetime) -> None:
    """Remove the override of a local date (today or later): the weekly hours apply again."""
    _check_actor(actor, system)
    calendar = _lock(calendar)
    if date < _today(calendar, now):
        raise DomainError(_("%(date)s is in the past: past days are never rewritten.") % {"date": date},
                          code="past")
    deleted, _rows = CalendarOverride.objects.filter(calendar=calendar, date=date).delete()
    if not deleted:
        raise DomainError(_("There is no override on %(date)s.") % {"date": date}, code="not_found", status=404)
    _bump(calendar)


@dataclass
class ImportSummary:
    """What an import did, for review: dates per outcome."""

    year: int
    added: list[CalendarOverride] = field(default_factory=list)
    changed: list[CalendarOverride] = field(default_factory=list)
    unchanged: list[CalendarOverride] = field(default_factory=list)
    removed: list[date] = field(default_factory=list)
    kept_manual: list[CalendarOverride] = field(default_factory=list)
    skipped_past: list[date] = field(default_factory=list)

    def as_dict(self) -> dict:
        def rows(items):
            return [{"date": o.date.isoformat(), "kind": o.kind, "name": o.display_name, "hours": o.hours}
                    for o in items]

        return {
            "year": self.year, "added": rows(self.added), "changed": rows(self.changed),
            "unchanged": rows(self.unchanged), "kept_manual": rows(self.kept_manual),
            "removed": [d.isoformat() for d in self.removed],
            "skipped_past": [d.isoformat() for d in self.skipped_past],
        }


MIN_YEAR, MAX_YEAR = 2001, 2100


@transaction.atomic
def calendar_import_statutory(*, calendar: ServiceCalendar, year: int, actor, system: bool = False, now: datetime,
                              include_past: bool = False) -> ImportSummary:
    """Import China's statutory holidays and make-up workdays (调休) of `year` from
    the `holidays` package. Idempotent: a re-import updates, never duplicates. Dates
    entered by hand are kept; past dates are left alone unless `include_past` (only
    for a calendar created in the same operation, which has no past)."""
    _check_actor(actor, system)
    calendar = _lock(calendar)
    if not calendar.observes_statutory_holidays:
        raise DomainError(_("%(name)s does not observe statutory holidays (it works through them).")
                          % {"name": calendar.display_name}, code="not_observed")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                          code="year")
    today = _today(calendar, now)
    versions = list(calendar.versions.order_by("effective_from"))
    existing = {o.date: o for o in calendar.overrides.filter(date__year=year)}
    summary = ImportSummary(year=year)
    wanted = statutory_days(year)
    for day in wanted:
        current = existing.get(day.date)
        if day.date < today and not include_past:
            summary.skipped_past.append(day.date)
            continue
        if current is not None and current.source == CalendarOverride.Source.MANUAL:
            summary.kept_manual.append(current)
            continue
        hours = _workday_hours(contract.version_for_date(versions, day.date)) if day.is_workday else []
        values = {"kind": Kind.MAKEUP_WORKDAY if day.is_workday else Kind.HOLIDAY, "hours": hours,
                  "name": day.name[:100], "name_en": day.name_en[:100]}
        if current is None:
            summary.added.append(CalendarOverride.objects.create(
                calendar=calendar, date=day.date, source=CalendarOverride.Source.IMPORTED, created_at=now, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save(update_fields=list(values))
            summary.changed.append(current)
        else:
            summary.unchanged.append(current)
    wanted_dates = {d.date for d in wanted}
    for day, override in sorted(existing.items()):
        stale = override.source == CalendarOverride.Source.IMPORTED and day not in wanted_dates
        if stale and (day >= today or include_past):
            override.delete()
            summary.removed.append(day)
    if summary.added or summary.changed or summary.removed:
        _bump(calendar)
    return summary

"""Calendar services and the calendar contract: defaults, versions that never
rewrite the past, overrides, the statutory import (checked against the `holidays`
package itself), permissions, and the kernel cache."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.utils import translation

from sla import kernel
from sla.kernel_calendars import NoCalendar, department_calendar, kernel_calendar, version_at
from sla.models import CalendarOverride, CalendarVersion
from sla.services.calendars import (
    BUSINESS_WEEKLY,
    Forbidden,
    calendar_create,
    calendar_default_for_department,
    calendar_import_statutory,
    calendar_override_delete,
    calendar_override_set,
    calendar_version_create,
)
from slacenter.errors import Conflict, DomainError

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 5, 10, 0, tzinfo=SH)  # a Monday


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):  # messages are matched in English
        yield


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def business(logistics):
    return calendar_default_for_department(department=logistics, now=NOW)


@pytest.fixture
def center_calendar(center):
    return calendar_default_for_department(department=center, now=NOW)


def test_defaults_for_center_and_business_department(center_calendar, business):
    assert not center_calendar.observes_statutory_holidays and business.observes_statutory_holidays
    center_week = version_at(center_calendar, NOW).weekly
    assert all(center_week[str(d)] == [["08:00", "22:00"]] for d in range(7))
    assert version_at(business, NOW).weekly == BUSINESS_WEEKLY
    assert not center_calendar.overrides.exists()  # 全年无休: works through holidays
    assert business.overrides.filter(date__year=2027).exists()  # this year and the next imported
    oct1 = at(2026, 10, 1, 10)
    assert kernel.is_working(kernel_calendar(center_calendar), oct1)
    assert not kernel.is_working(kernel_calendar(business), oct1)


def test_default_is_idempotent(logistics, business):
    counts = (business.versions.count(), business.overrides.count())
    again = calendar_default_for_department(department=logistics, now=NOW + timedelta(days=3))
    assert again.pk == business.pk
    assert (again.versions.count(), again.overrides.count()) == counts


def test_department_calendar_falls_back_to_the_center(center_calendar, business, merchandise, logistics):
    assert department_calendar(logistics) == business
    assert department_calendar(merchandise) == center_calendar
    assert department_calendar(None) == center_calendar


def test_department_calendar_without_any_calendar(merchandise):
    with pytest.raises(NoCalendar):
        department_calendar(merchandise)


def test_create_refuses_a_second_active_calendar_and_bad_zone(logistics, business):
    with pytest.raises(Conflict):
        calendar_create(actor=None, system=True,
                        name="x", department=logistics, weekly=BUSINESS_WEEKLY, effective_from=date(2026, 1, 1),
                        now=NOW)
    with pytest.raises(DomainError, match="time zone"):
        calendar_create(actor=None, system=True,
                        name="x", timezone="Mars/Base", weekly=BUSINESS_WEEKLY, effective_from=date(2026, 1, 1),
                        now=NOW)


# --- versions ------------------------------------------------------------------------


def test_version_in_the_past_is_refused(business):
    with pytest.raises(DomainError, match="past") as exc:
        calendar_version_create(actor=None, system=True,
                                calendar=business, weekly=BUSINESS_WEEKLY, effective_from=date(2026, 1, 4), now=NOW)
    assert exc.value.code == "past"
    assert business.versions.count() == 1


@pytest.mark.parametrize("weekly, message", [
    ({"0": [["09:00", "12:00"], ["11:00", "13:00"]]}, "overlap"),
    ({"0": [["9:00", "12:00"]]}, "malformed"),
    ({"0": [["13:00", "12:00"]]}, "does not start before"),
    ({"7": [["09:00", "12:00"]]}, "weekday"),
    ({"0": "09:00-12:00"}, "windows"),
    ("nope", "Weekly hours"),
])
def test_malformed_hours_are_refused_with_the_kernel_message(business, weekly, message):
    with pytest.raises(DomainError, match=message):
        calendar_version_create(actor=None, system=True,
                                calendar=business, weekly=weekly, effective_from=date(2026, 2, 2), now=NOW)


def test_version_next_month_changes_due_dates_only_from_its_date(business):
    start_now, start_later = at(2026, 1, 6, 17, 0), at(2026, 3, 3, 17, 0)  # Tuesdays
    before = kernel_calendar(business)
    due_now, due_later = kernel.add(before, start_now, 7200), kernel.add(before, start_later, 7200)
    assert due_now == at(2026, 1, 7, 10, 0)
    longer = {str(d): [["08:00", "20:00"]] for d in range(5)}
    revision = business.revision
    calendar_version_create(actor=None, system=True,
                            calendar=business, weekly=longer, effective_from=date(2026, 2, 1), note="新营业时间",
                            now=NOW)
    business.refresh_from_db()
    assert business.revision > revision
    after = kernel_calendar(business)
    assert after is not before  # the cache follows the revision
    assert kernel.add(after, start_now, 7200) == due_now  # January: untouched
    assert kernel.add(after, start_later, 7200) == at(2026, 3, 3, 19, 0)  # March: the new hours
    assert due_later != at(2026, 3, 3, 19, 0)
    # A past day keeps its business time exactly.
    day = (at(2026, 1, 6, 0, 0), at(2026, 1, 7, 0, 0))
    assert kernel.elapsed(after, *day) == kernel.elapsed(before, *day) == int(7.5 * 3600)
    assert version_at(business, at(2026, 1, 31, 23, 59)).effective_from == date(2026, 1, 1)
    assert version_at(business, at(2026, 2, 1, 0, 0)).effective_from == date(2026, 2, 1)


def test_future_version_replaced_but_one_in_force_is_not(business):
    first = calendar_version_create(actor=None, system=True,
                                    calendar=business, weekly=BUSINESS_WEEKLY, effective_from=date(2026, 3, 1),
                                    now=NOW)
    second = calendar_version_create(actor=None, system=True, calendar=business, weekly={"0": [["10:00", "11:00"]]},
                                     effective_from=date(2026, 3, 1), now=NOW)
    assert first.pk == second.pk and business.versions.count() == 2
    calendar_version_create(actor=None, system=True,
                            calendar=business, weekly=BUSINESS_WEEKLY, effective_from=NOW.date(), now=NOW)
    with pytest.raises(Conflict):
        calendar_version_create(actor=None, system=True,
                                calendar=business, weekly=BUSINESS_WEEKLY, effective_from=NOW.date(), now=NOW)


def test_new_version_updates_future_imported_workday_hours(business):
    workday = business.overrides.filter(kind=CalendarOverride.Kind.MAKEUP_WORKDAY, date__gte=date(2026, 6, 1)).first()
    calendar_version_create(actor=None, system=True,
                            calendar=business, weekly={str(d): [["08:30", "17:30"]] for d in range(5)},
                            effective_from=date(2026, 6, 1), now=NOW)
    workday.refresh_from_db()
    assert workday.hours == [["08:30", "17:30"]]
    early = business.overrides.get(kind=CalendarOverride.Kind.MAKEUP_WORKDAY, date=date(2026, 2, 14))
    assert early.hours == BUSINESS_WEEKLY["0"]


def test_only_managers_and_admins_edit(business, agent, manager):
    with pytest.raises(Forbidden):
        calendar_version_create(calendar=business, weekly=BUSINESS_WEEKLY, effective_from=date(2026, 3, 1),
                                actor=agent, now=NOW)
    with pytest.raises(Forbidden):
        calendar_override_set(calendar=business, date=date(2026, 3, 2), kind="holiday", actor=agent, now=NOW)
    version = calendar_version_create(calendar=business, weekly=BUSINESS_WEEKLY, effective_from=date(2026, 3, 1),
                                      actor=manager, now=NOW)
    assert version.created_by == manager


# --- overrides -----------------------------------------------------------------------


def test_override_rules(business):
    with pytest.raises(DomainError, match="past"):
        calendar_override_set(actor=None, system=True,
                              calendar=business, date=date(2026, 1, 4), kind="holiday", now=NOW)
    with pytest.raises(DomainError):
        calendar_override_set(actor=None, system=True,
                              calendar=business, date=date(2026, 3, 2), kind="holiday", hours=[["09:00", "10:00"]],
                              now=NOW)
    with pytest.raises(DomainError):
        calendar_override_set(actor=None, system=True,
                              calendar=business, date=date(2026, 3, 2), kind="shortened", now=NOW)
    with pytest.raises(DomainError):
        calendar_override_set(actor=None, system=True, calendar=business, date=date(2026, 3, 2), kind="party", now=NOW)
    with pytest.raises(DomainError, match="overlap"):
        calendar_override_set(actor=None, system=True, calendar=business, date=date(2026, 3, 2), kind="special",
                              hours=[["09:00", "12:00"], ["10:00", "11:00"]], now=NOW)
    with pytest.raises(DomainError, match="past"):
        calendar_override_delete(actor=None, system=True, calendar=business, date=date(2026, 1, 1), now=NOW)
    with pytest.raises(DomainError) as exc:
        calendar_override_delete(actor=None, system=True, calendar=business, date=date(2026, 3, 2), now=NOW)
    assert exc.value.status == 404


def test_shortened_day_changes_due_dates_and_delete_restores(business):
    day = date(2026, 3, 2)  # a Monday
    start = at(2026, 3, 2, 11, 0)
    normal = kernel.add(kernel_calendar(business), start, 3 * 3600)
    calendar_override_set(actor=None, system=True,
                          calendar=business, date=day, kind="shortened", hours=[["09:00", "12:00"]], name="年会",
                          now=NOW)
    business.refresh_from_db()
    assert kernel.add(kernel_calendar(business), start, 3 * 3600) == at(2026, 3, 3, 11, 0)
    calendar_override_delete(actor=None, system=True, calendar=business, date=day, now=NOW)
    business.refresh_from_db()
    assert kernel.add(kernel_calendar(business), start, 3 * 3600) == normal == at(2026, 3, 2, 15, 30)


# --- statutory import ------------------------------------------------------------------


def _package(year):
    days_off = {d for d in holidays.China(years=year)}
    workdays = {d for d in holidays.China(years=[year, year + 1]).weekend_workdays if d.year == year}
    return days_off, workdays


def test_import_matches_the_holidays_package(logistics):
    calendar = calendar_create(actor=None, system=True, name="物流", department=logistics, weekly=BUSINESS_WEEKLY,
                               effective_from=date(2026, 1, 1), now=NOW)
    summary = calendar_import_statutory(actor=None, system=True, calendar=calendar, year=2026, now=at(2025, 12, 1, 9))
    days_off, workdays = _package(2026)
    assert workdays, "the package lists 2026 make-up workdays"
    overrides = {o.date: o for o in calendar.overrides.filter(date__year=2026)}
    assert {d for d, o in overrides.items() if o.kind == "holiday"} == days_off
    assert {d for d, o in overrides.items() if o.kind == "makeup_workday"} == workdays
    assert len(summary.added) == len(days_off) + len(workdays)
    assert all(o.source == "imported" for o in overrides.values())
    assert overrides[date(2026, 10, 1)].name == "国庆节" and overrides[date(2026, 10, 1)].name_en == "National Day"
    calendar.refresh_from_db()
    cal = kernel_calendar(calendar)
    assert not kernel.is_working(cal, at(2026, 10, 1, 10))
    for day in workdays:  # weekend days worked in exchange for a holiday
        assert day.weekday() >= 5
        assert kernel.is_working(cal, datetime.combine(day, datetime.min.time(), SH) + timedelta(hours=10))


def test_import_is_idempotent_and_reports_changes(business):
    count = business.overrides.count()
    summary = calendar_import_statutory(actor=None, system=True,
                                        calendar=business, year=2026, now=NOW, include_past=True)
    assert not summary.added and not summary.changed and not summary.removed
    assert business.overrides.count() == count
    CalendarOverride.objects.filter(calendar=business, date=date(2026, 10, 2)).update(name="x")
    CalendarOverride.objects.create(calendar=business, date=date(2026, 11, 11), kind="holiday", source="imported",
                                    created_at=NOW)
    summary = calendar_import_statutory(actor=None, system=True, calendar=business, year=2026, now=NOW)
    assert [o.date for o in summary.changed] == [date(2026, 10, 2)]
    assert summary.removed == [date(2026, 11, 11)]
    assert summary.skipped_past == [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 4)]
    assert business.overrides.count() == count


def test_import_keeps_hand_entered_days_and_refuses_center(business, center_calendar):
    calendar_override_set(actor=None, system=True,
                          calendar=business, date=date(2026, 10, 1), kind="special", hours=[["10:00", "12:00"]],
                          name="值班", now=NOW)
    summary = calendar_import_statutory(actor=None, system=True, calendar=business, year=2026, now=NOW)
    assert [o.date for o in summary.kept_manual] == [date(2026, 10, 1)]
    assert business.overrides.get(date=date(2026, 10, 1)).kind == "special"
    with pytest.raises(DomainError, match="statutory"):
        calendar_import_statutory(actor=None, system=True, calendar=center_calendar, year=2026, now=NOW)
    for bad in (1999, 2200, "2026", True):
        with pytest.raises(DomainError):
            calendar_import_statutory(actor=None, system=True, calendar=business, year=bad, now=NOW)


def test_kernel_calendar_is_cached_by_revision(business):
    assert kernel_calendar(business) is kernel_calendar(business)
    assert CalendarVersion.objects.filter(calendar=business).count() == 1

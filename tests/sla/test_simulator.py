"""The due-date simulator: the due date is the kernel's, and the explanation lists
each working window counted (local times, minutes) and each closed stretch skipped,
naming the holidays."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from sla import kernel
from sla.kernel_calendars import kernel_calendar
from sla.selectors.calendars import MAX_SIMULATED_DAYS, MAX_SIMULATED_SECONDS, simulate_due
from sla.services.calendars import calendar_default_for_department
from slacenter.errors import DomainError

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def business(logistics):
    return calendar_default_for_department(department=logistics, now=at(2026, 1, 5, 9))


def test_lunch_break_is_skipped(business):
    result = simulate_due(calendar=business, start=at(2026, 3, 3, 11, 0), seconds=2 * 3600)
    assert result.due == at(2026, 3, 3, 14, 30)
    rows = [(r["kind"], r["start_local"].strftime("%H:%M"), r["end_local"].strftime("%H:%M"), r["minutes"],
             r["reason"]) for r in result.explanation]
    assert rows == [
        ("working", "11:00", "12:00", 60, ""),
        ("closed", "12:00", "13:30", 0, "outside_hours"),
        ("working", "13:30", "14:30", 60, ""),
    ]
    assert result.working_seconds == 2 * 3600


def test_national_day_is_named_and_skipped(business):
    with translation.override("zh-hans"):
        result = simulate_due(calendar=business, start=at(2026, 9, 30, 17, 0), seconds=2 * 3600)
    assert result.due == kernel.add(kernel_calendar(business), at(2026, 9, 30, 17, 0), 7200)
    assert result.due_local().date() == date(2026, 10, 8)
    closed = [r for r in result.explanation if r["kind"] == "closed"]
    assert len(closed) == 1 and closed[0]["reason"] == "holiday"
    assert "国庆节" in closed[0]["holidays"]
    assert sum(r["minutes"] for r in result.explanation) == 120
    assert result.explanation[0]["start_local"].isoformat() == "2026-09-30T17:00:00+08:00"


def test_working_days_end_of_day(business):
    result = simulate_due(calendar=business, start=at(2026, 9, 29, 10, 0), days=2, end_of_day=True)
    assert result.due == at(2026, 10, 8, 18, 0)  # Sep 30 is day 1, the holiday week is skipped


@pytest.mark.parametrize("kwargs", [
    {"start": datetime(2026, 3, 3, 11, 0), "seconds": 60},  # naive
    {"start": at(2026, 3, 3), "seconds": 60, "days": 1},
    {"start": at(2026, 3, 3)},
    {"start": at(2026, 3, 3), "seconds": -60},
    {"start": at(2026, 3, 3), "seconds": MAX_SIMULATED_SECONDS + 1},
    {"start": at(2026, 3, 3), "days": MAX_SIMULATED_DAYS + 1},
    {"start": at(2026, 3, 3), "seconds": 1.5},
    {"start": "2026-03-03", "seconds": 60},
])
def test_bad_input_is_a_domain_error(business, kwargs):
    with pytest.raises(DomainError):
        simulate_due(calendar=business, **kwargs)


def test_long_spans_are_truncated(business):
    result = simulate_due(calendar=business, start=at(2026, 3, 3, 9), days=200)
    assert result.truncated > 0 and len(result.explanation) == 200

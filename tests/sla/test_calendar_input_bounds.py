"""Issue 7 part 3: calendar input that was accepted but should not be — non-ASCII
digits, unpadded dates, effective dates centuries away — and a kernel whose work per
calendar no longer grows with how far away a version is dated."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sla import kernel
from sla.kernel_calendars import FIRST_VERSION_LOOKBACK, build_kernel_calendar
from sla.models import CalendarVersion
from sla.services.calendars import calendar_default_for_department, calendar_version_create
from slacenter.errors import DomainError

WEEK = {d: [("09:00", "18:00")] for d in range(5)}
LATE = {d: [("10:00", "16:00")] for d in range(6)}


def test_kernel_refuses_non_ascii_digits():
    for text in ("٠٩:٠٠", "０９:００", "0９:00"):
        with pytest.raises(ValueError):
            kernel.Calendar("Asia/Shanghai", {0: [(text, "18:00")]})


def _expanded(tz, versions, overrides=()):
    """The former day-by-day expansion of older versions into overrides: the oracle."""
    versions = sorted(versions, key=lambda v: v[0])
    newest = versions[-1][1]
    by_date = {}
    for i, (start, hours) in enumerate(versions[:-1]):
        day = start - (FIRST_VERSION_LOOKBACK if i == 0 else timedelta(0))
        while day < versions[i + 1][0]:
            if hours.get(day.weekday(), []) != newest.get(day.weekday(), []):
                by_date[day] = hours.get(day.weekday(), [])
            day += timedelta(days=1)
    by_date.update(dict(overrides))
    return kernel.Calendar(tz, newest, by_date)


def _rows(versions, overrides=()):
    rows = [CalendarVersion(effective_from=start, weekly={str(d): [list(w) for w in hours.get(d, [])]
                                                          for d in range(7)}) for start, hours in versions]
    from sla.models import CalendarOverride

    return rows, [CalendarOverride(date=day, hours=[list(w) for w in hours]) for day, hours in overrides]


@pytest.mark.parametrize("seconds", [3600, 9 * 3600 * 7, 86400 * 40, -3600 * 30])
def test_versions_as_eras_match_the_day_by_day_expansion(seconds):
    versions = [(date(2026, 1, 5), WEEK), (date(2026, 3, 2), LATE), (date(2026, 6, 1), WEEK)]
    overrides = [(date(2026, 3, 4), []), (date(2026, 3, 7), [("09:00", "12:00")])]
    rows, override_rows = _rows(versions, overrides)
    eras = build_kernel_calendar("Asia/Shanghai", rows, override_rows)
    oracle = _expanded("Asia/Shanghai", versions, overrides)
    start = datetime(2025, 12, 1, tzinfo=UTC)
    for step in range(0, 240, 7):
        at = start + timedelta(days=step, hours=step % 11)
        assert kernel.add(eras, at, seconds) == kernel.add(oracle, at, seconds)
        assert kernel.add_days(eras, at, 5) == kernel.add_days(oracle, at, 5)
        assert kernel.add_days(eras, at, -3) == kernel.add_days(oracle, at, -3)


def test_a_version_dated_9999_costs_nothing_until_then():
    rows, _ = _rows([(date(2026, 1, 5), WEEK), (date(9999, 12, 31), LATE)])
    started = time.perf_counter()
    calendar = build_kernel_calendar("Asia/Shanghai", rows, [])
    kernel.add(calendar, datetime(2026, 3, 2, 1, tzinfo=UTC), 3600 * 20)
    assert time.perf_counter() - started < 0.5


@pytest.mark.django_db
@pytest.mark.parametrize("far", [date(9999, 12, 31), date(2200, 1, 1)])
def test_service_bounds_effective_dates(logistics, manager, far):
    now = timezone.now()
    calendar = calendar_default_for_department(department=logistics, now=now)
    with pytest.raises(DomainError) as refused:
        calendar_version_create(calendar=calendar, weekly={"0": [["09:00", "18:00"]]}, effective_from=far,
                                actor=manager, now=now)
    assert refused.value.code == "effective_from"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [{"effective_from": "2030-1-5"}, {"effective_from": "２０３０-01-05"}, {"effective_from": "9999-12-31"},
     {"weekly": {"0": [["٠٩:٠٠", "18:00"]]}}, {"effective_from": "20300105"}],
)
def test_api_refuses_malformed_calendar_input(logistics, manager, change):
    calendar = calendar_default_for_department(department=logistics, now=timezone.now())
    client = APIClient()
    client.force_authenticate(manager)
    body = {"weekly": {"0": [["09:00", "18:00"]]}, "effective_from": "2030-01-07"} | change
    before = calendar.versions.count()
    response = client.post(reverse("sla-calendar-versions", args=[calendar.pk]), body, format="json")
    assert response.status_code == 400
    assert calendar.versions.count() == before


@pytest.mark.django_db
def test_page_refuses_unpadded_dates(logistics, manager):
    calendar = calendar_default_for_department(department=logistics, now=timezone.now())
    client = Client()
    client.force_login(manager)
    form = {f"day_{d}": "10:00-16:00" for d in range(5)} | {"effective_from": "2030-1-5"}
    response = client.post(reverse("sla:calendar_hours", args=[calendar.pk]), form)
    assert response.status_code == 400
    assert not calendar.versions.filter(effective_from=date(2030, 1, 5)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "①", "٣", "9" * 40, "-1"])
def test_numbers_in_html_query_strings_are_never_a_500(logistics, manager, value):
    calendar = calendar_default_for_department(department=logistics, now=timezone.now())
    client = Client()
    client.force_login(manager)
    assert client.get(reverse("sla:calendar_detail", args=[calendar.pk]), {"year": value}).status_code == 200
    assert client.get("/sla/department/", {"department": value}).status_code == 200
    assert client.get("/tickets/new/", {"customer": value}).status_code == 200

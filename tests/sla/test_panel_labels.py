"""The SLA panel names a policy's criteria and departments as people read them."""

import pytest
from django.utils import translation

from sla.views.clocks.display import _department_names, matched_on_labels


@pytest.mark.django_db
def test_matched_on_in_words(category, logistics):
    with translation.override("en"):
        rows = matched_on_labels({"priority": 4, "tier": "vip", "category": category.pk, "channel": "wechat"})
        assert rows == ["Priority: Urgent", "Tier: VIP", "Category: Late delivery", "Channel: WeChat"]
    with translation.override("zh-hans"):
        assert matched_on_labels({"priority": 4})[0] == "优先级：紧急"
    assert _department_names([logistics.pk, str(logistics.pk)]) == {logistics.pk: logistics.display_name}


def test_open_clock_counts_business_time_up_to_now():
    from datetime import UTC, datetime, timedelta
    from types import SimpleNamespace

    from sla import kernel
    from sla.views.clocks.display import _elapsed_now

    cal = kernel.Calendar("Asia/Shanghai", {d: [("00:00", "24:00")] for d in range(7)})
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    paused = ((now - timedelta(minutes=30)).isoformat(), (now - timedelta(minutes=20)).isoformat(), "x", [])
    clock = SimpleNamespace(started_at=now - timedelta(hours=1), elapsed_seconds=0,
                            pauses=[paused, [now.isoformat(), None, "x", []]])  # an open pause from now counts nothing
    assert _elapsed_now(clock, cal, open_=True, now=now) == 50 * 60
    assert _elapsed_now(clock, cal, open_=False, now=now) == 0  # stopped: as stored


def test_open_clock_counts_only_working_hours_up_to_now():
    """Counted so far is business time (the derivation's rule), not wall-clock time."""
    from datetime import datetime
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from sla import kernel
    from sla.views.clocks.display import _elapsed_now

    sh = ZoneInfo("Asia/Shanghai")
    cal = kernel.Calendar("Asia/Shanghai", {d: [("09:00", "18:00")] for d in range(5)})
    clock = SimpleNamespace(started_at=datetime(2026, 3, 2, 17, 0, tzinfo=sh), elapsed_seconds=0, pauses=[])
    # Monday 17:00 -> Tuesday 10:00: 1 h Monday + 1 h Tuesday, not 17 wall-clock hours.
    assert _elapsed_now(clock, cal, open_=True, now=datetime(2026, 3, 3, 10, 0, tzinfo=sh)) == 2 * 3600


@pytest.mark.parametrize(("days", "minutes", "end_of_day", "zh", "en"), [
    (3, None, False, "3个工作日", "3 business days"),
    (1, None, False, "1个工作日", "1 business day"),
    (2, None, True, "2个工作日（至当天下班）", "2 business days, to the end of the day"),
    (None, 240, False, "4工作小时", "4 business hours"),
    (None, 30, False, "30工作分钟", "30 business min"),
    (None, 90, False, "1工作小时30分钟", "1 business hour 30 min"),
])
def test_target_shown_in_the_unit_it_was_set_in(days, minutes, end_of_day, zh, en):
    from types import SimpleNamespace

    from sla.views.clocks.display import target_text

    policy = SimpleNamespace(target_days=days, target_minutes=minutes, end_of_day=end_of_day)
    # 3 business days of 8 hours are 24 business hours: never "1天" nor "2天8小时".
    with translation.override("zh-hans"):
        assert target_text(policy, 24 * 3600) == zh
    with translation.override("en"):
        assert target_text(policy, 24 * 3600) == en


def test_business_time_is_never_shown_as_24_hour_days():
    from sla.views.clocks.display import business_time_text

    with translation.override("zh-hans"):
        assert business_time_text(56 * 3600) == "56工作小时"
        assert business_time_text(3600 + 20 * 60) == "1工作小时20分钟"
        assert business_time_text(59) == "0工作分钟"

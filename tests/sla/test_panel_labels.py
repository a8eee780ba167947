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
    paused = (now - timedelta(minutes=30), now - timedelta(minutes=20))
    clock = SimpleNamespace(started_at=now - timedelta(hours=1), elapsed_seconds=0,
                            pauses=[[now.isoformat(), None]])  # an open pause starting now counts nothing
    assert _elapsed_now(clock, cal, [paused], open_=True, now=now) == 50 * 60
    assert _elapsed_now(clock, cal, [paused], open_=False, now=now) == 0  # stopped: as stored

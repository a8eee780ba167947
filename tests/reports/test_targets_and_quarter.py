"""The campaign override (双十一 November target) and the quarter criterion, evaluated
only in the quarter's last month over the whole quarter."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from reports.models import CriterionResult, IndicatorResult
from reports.services import month_close
from sla.models import Indicator

from .conftest import SH, reply_month

pytestmark = pytest.mark.django_db


def test_november_campaign_target(agreement, logistics, people, delivery):
    reply_month(month=11, met=46, breached=4, department=logistics, people=people, category=delivery)
    month_close(month=date(2026, 11, 1), system=True, now=datetime(2026, 12, 1, 2, tzinfo=SH))
    result = IndicatorResult.objects.get(metric="department_reply_timeliness")
    assert result.actual == Decimal("92.0000")
    assert (result.target, result.standard_target, result.met) == (Decimal("90"), Decimal("95"), True)
    assert result.is_override and "双十一" in result.override_reason
    # The same figure in October is held to the standing 95 %.
    reply_month(month=10, met=46, breached=4, department=logistics, people=people, category=delivery)
    month_close(month=date(2026, 10, 1), system=True, now=datetime(2026, 12, 1, 2, tzinfo=SH))
    october = IndicatorResult.objects.get(metric="department_reply_timeliness", period_start=date(2026, 10, 1))
    assert (october.target, october.met) == (Decimal("95"), False)


def test_quarter_indicator_evaluated_in_the_last_month(agreement, logistics, people, delivery):
    Indicator.objects.filter(version=agreement, metric="department_reply_timeliness").update(period="quarter")
    reply_month(month=1, met=10, breached=0, department=logistics, people=people, category=delivery)
    reply_month(month=2, met=7, breached=3, department=logistics, people=people, category=delivery)
    reply_month(month=3, met=10, breached=0, department=logistics, people=people, category=delivery)
    month_close(month=date(2026, 2, 1), system=True, now=datetime(2026, 4, 1, 2, tzinfo=SH))
    feb = IndicatorResult.objects.get(close__month__month=date(2026, 2, 1), metric="department_reply_timeliness")
    assert (feb.period_start, feb.numerator, feb.denominator, feb.met) == (date(2026, 1, 1), 17, 20, None)
    assert "季度" in feb.note or "quarter" in feb.note.lower()
    month_close(month=date(2026, 3, 1), system=True, now=datetime(2026, 4, 1, 2, tzinfo=SH))
    march = IndicatorResult.objects.get(close__month__month=date(2026, 3, 1), metric="department_reply_timeliness")
    assert (march.period_start, march.numerator, march.denominator) == (date(2026, 1, 1), 27, 30)
    assert march.met is False  # 90 % over the quarter < 95 %
    crit = CriterionResult.objects.get(close__month__month=date(2026, 2, 1), code="major_incidents")
    assert crit.met is None and ("季度" in crit.note or "quarter" in crit.note.lower())
    # Month criterion counts monthly indicators only: the quarterly miss is not one of them.
    missed = CriterionResult.objects.get(close__month__month=date(2026, 3, 1), code="indicators_missed")
    assert missed.actual == 0

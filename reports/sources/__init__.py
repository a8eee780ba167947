"""Where the close's figures come from: one module per source app, each reading that
app through its models/selectors and returning `Figure`s. `figure_for(metric, ctx)`
dispatches an indicator's metric to its source; a metric whose source app has not
published what is needed yet gives an unavailable figure that says so (never a guess).

The period context (`PeriodContext`) carries the agreement's scope (client
departments, provider, categories, channels) and the local dates, so every source
counts the same tickets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def quarter_start(day: date) -> date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone())


@dataclass
class PeriodContext:
    """One agreement version over local dates [start, end] (inclusive)."""

    version: object
    start: date
    end: date
    client_ids: list[int]
    provider_id: int
    category_ids: list[int]
    channels: list[str]
    # An instant cap for month-to-date figures (dashboards): nothing after it counts.
    until_cap: datetime | None = None
    # Per-context results shared by the figures of one close (e.g. all clock counts in one query).
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def since(self) -> datetime:
        return local_midnight(self.start)

    @property
    def until(self) -> datetime:
        bound = local_midnight(self.end + timedelta(days=1))
        return min(bound, self.until_cap) if self.until_cap else bound


@dataclass
class Figure:
    actual: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    definition: str = ""
    note: str = ""
    evidence: list[dict] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.actual is not None


def ratio(numerator: int, denominator: int, *, scale: int = 100) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * scale / Decimal(denominator)).quantize(Decimal("0.0001"))


def compare(comparator: str, numerator, denominator, actual: Decimal, target: Decimal, *, scale: int = 100) -> bool:
    """Exact comparison: a ratio is compared as a fraction, never as its rounded value."""
    if numerator is not None and denominator:
        value = Fraction(Decimal(numerator)) * scale / Fraction(Decimal(denominator))
    else:
        value = Fraction(actual)
    goal = Fraction(target)
    if comparator == ">=":
        return value >= goal
    if comparator == "<=":
        return value <= goal
    return value == goal


UNAVAILABLE = _("Not measured: the %(source)s data this figure needs is not available yet.")


def figure_for(metric: str, ctx: PeriodContext) -> Figure:
    from . import complaints, sla, tickets

    computers = {
        "first_response_compliance": sla.first_response_compliance,
        "resolution_compliance": sla.resolution_compliance,
        "department_reply_timeliness": sla.department_reply_timeliness,
        "channel_complaints_per_orders": tickets.channel_complaints_per_orders,
        "fcr": complaints.fcr,
        "csat": complaints.csat,
        "major_incidents": complaints.major_incidents,
    }
    compute = computers.get(metric)
    if compute is None:
        return Figure(actual=None, note=str(_("No source computes this metric; enter it as an adjustment.")))
    return compute(ctx)

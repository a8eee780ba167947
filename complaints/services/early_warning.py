"""Batch early warning: the detection maths (pure) and the periodic detection run.

For each active rule and each value of its dimension (category, or tag value), the
count in the recent window is compared with the counts of the same window of the
week over the previous `baseline_weeks` weeks: fire when count ≥ min_count and
count > mean + k·σ (population σ). A week whose window ended before the first complaint ever taken in
is not history and is left out of the baseline; with no week of history the
threshold is the minimum count alone.

Idempotent: an alert is unique per (rule, value, window end) — the window end is
`now` floored to the 5-minute tick — so a repeated or concurrent run inserts nothing
new (ON CONFLICT DO NOTHING through the unique constraint)."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from tickets.models import Ticket, TicketKind

from ..models import ComplaintTag, EarlyWarningAlert, EarlyWarningRule, WarningDimension

TICK = timedelta(minutes=5)


@dataclass(frozen=True)
class Verdict:
    fires: bool
    mean: float
    sd: float
    threshold: float


def baseline_verdict(count: int, history: list[int], *, min_count: int, k: float) -> Verdict:
    """Pure: does `count` stand out against the `history` counts?"""
    if history:
        mean = sum(history) / len(history)
        sd = math.sqrt(sum((x - mean) ** 2 for x in history) / len(history))
    else:
        mean = sd = 0.0
    threshold = mean + k * sd
    return Verdict(fires=count >= min_count and count > threshold, mean=mean, sd=sd, threshold=threshold)


def window_end_for(now):
    """`now` floored to the detection tick (5 minutes, UTC)."""
    epoch = int(now.timestamp())
    return now - timedelta(seconds=epoch % int(TICK.total_seconds()), microseconds=now.microsecond)


def _windows(rule: EarlyWarningRule, end):
    span = timedelta(minutes=rule.window_minutes)
    return [(end - span - timedelta(weeks=w), end - timedelta(weeks=w)) for w in range(rule.baseline_weeks + 1)]


def _counts(rule: EarlyWarningRule, windows, first_seen) -> dict[str, list[int | None]]:
    """{value key: [count in window 0 (recent), week 1, … week n]}, None for a week
    before any history. One query per rule: an OR of index range scans."""
    if rule.dimension == WarningDimension.TAG:
        base, field, time_field = ComplaintTag.objects.all(), "value", "created_at"
    else:
        base = Ticket.objects.filter(kind=TicketKind.COMPLAINT)
        field, time_field = "category_id", "created_at"
    result: dict[str, list[int | None]] = {}
    ranges = Q()
    for start, stop in windows:
        ranges |= Q(**{f"{time_field}__gte": start, f"{time_field}__lt": stop})
    annotations = {f"w{i}": Count("pk", filter=Q(**{f"{time_field}__gte": s, f"{time_field}__lt": e}))
                   for i, (s, e) in enumerate(windows)}
    prefix = "tag" if rule.dimension == WarningDimension.TAG else "category"
    for row in base.filter(ranges).values(field).annotate(**annotations).filter(w0__gt=0):
        counts = [row[f"w{i}"] for i in range(len(windows))]
        for i in range(1, len(windows)):
            if first_seen is None or windows[i][1] <= first_seen:
                counts[i] = None
        result[f"{prefix}:{row[field]}"] = counts
    return result


def _first_seen():
    return Ticket.objects.filter(kind=TicketKind.COMPLAINT).aggregate(first=Min("created_at"))["first"]


def early_warning_detect(*, now=None) -> list[EarlyWarningAlert]:
    """Run every active rule once for the window ending at this tick; returns the
    alerts newly raised (each opens or joins a suspected incident)."""
    from .incidents import incident_open_for_alert, incident_watchers

    now = now or timezone.now()
    end = window_end_for(now)
    first_seen = _first_seen()
    raised, watchers = [], None
    for rule in EarlyWarningRule.objects.filter(is_active=True):
        windows = _windows(rule, end)
        for key, counts in _counts(rule, windows, first_seen).items():
            history = [c for c in counts[1:] if c is not None]
            verdict = baseline_verdict(counts[0], history, min_count=rule.min_count, k=float(rule.k))
            if not verdict.fires:
                continue
            if EarlyWarningAlert.objects.filter(rule=rule, value_key=key, window_end=end).exists():
                continue
            try:
                with transaction.atomic():
                    alert = EarlyWarningAlert(rule=rule, value_key=key, window_start=windows[0][0], window_end=end,
                                              count=counts[0], baseline_mean=verdict.mean, baseline_sd=verdict.sd,
                                              baseline_weeks=len(history), created_at=now)
                    watchers = incident_watchers() if watchers is None else watchers
                    incident_open_for_alert(alert=alert, now=now, watchers=watchers)
            except IntegrityError:
                continue  # a concurrent run raised it first
            raised.append(alert)
    return raised

"""Figures from the contact records (calls and online sessions in `tickets`), read
through `tickets.selectors_contacts`: service level, answer rate, average handle time,
online sessions, their response time and visitor satisfaction; and the per-half-hour
profile the staffing page forecasts from."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import ExtractMinute, TruncHour
from django.utils import timezone

from tickets.selectors_contacts import SERVICE_LEVEL_SECONDS, contact_scope, local_range

from . import ratio


def month_figures(user, start: date, end: date) -> dict:
    lo, hi = local_range(start, end)
    qs = contact_scope(user).filter(offered_at__gte=lo, offered_at__lt=hi)
    row = qs.aggregate(
        offered=Count("id", filter=Q(kind="call")),
        answered=Count("answered_at", filter=Q(kind="call")),
        within=Count("id", filter=Q(kind="call", answered_at__isnull=False,
                                    wait_seconds__lte=SERVICE_LEVEL_SECONDS)),
        handle_total=Sum(F("talk_seconds") + F("wrap_seconds"), filter=Q(kind="call", answered_at__isnull=False)),
        sessions=Count("id", filter=Q(kind="chat")),
        response_total=Sum("response_seconds_total", filter=Q(kind="chat")),
        responses=Sum("response_count", filter=Q(kind="chat")),
        visitor_satisfaction=Avg("satisfaction", filter=Q(kind="chat")),
        rated=Count("satisfaction", filter=Q(kind="chat")),
    )
    return {
        "offered": row["offered"], "answered": row["answered"],
        "service_level": ratio(row["within"], row["offered"]),
        "answer_rate": ratio(row["answered"], row["offered"]),
        "aht_seconds": round(row["handle_total"] / row["answered"], 1) if row["answered"] else None,
        "sessions": row["sessions"],
        "response_avg_seconds": round(row["response_total"] / row["responses"], 1) if row["responses"] else None,
        "visitor_satisfaction": round(row["visitor_satisfaction"], 2) if row["visitor_satisfaction"] else None,
        "rated": row["rated"],
    }


def week_profile(user, *, today: date, weeks: int = 4) -> dict:
    """Offered calls per (weekday, half-hour slot), averaged over the last `weeks`
    full weeks, the average handle time, and the agents who actually answered calls in
    each slot (averaged the same way)."""
    end = today - timedelta(days=today.weekday() + 1)  # last Sunday
    start = end - timedelta(days=7 * weeks - 1)
    contacts = contact_scope(user).filter(kind="call")
    lo, hi = local_range(start, end)
    zone = timezone.get_current_timezone()
    # Half hours counted here (not with interval_figures: its minute/30 slot is cast
    # with rounding on PostgreSQL, which moves minutes 15–29 into the next slot).
    halves = (contacts.filter(offered_at__gte=lo, offered_at__lt=hi)
              .annotate(hour=TruncHour("offered_at", tzinfo=zone), minute=ExtractMinute("offered_at", tzinfo=zone))
              .values("hour").annotate(first=Count("id", filter=Q(minute__lt=30)),
                                       second=Count("id", filter=Q(minute__gte=30))))
    offered: dict[tuple[int, int], float] = {}
    for row in halves:
        hour = row["hour"].astimezone(zone)
        for half, n in ((0, row["first"]), (1, row["second"])):
            key = (hour.weekday(), hour.hour * 2 + half)
            offered[key] = offered.get(key, 0) + n / weeks
    answered = contacts.filter(offered_at__gte=lo, offered_at__lt=hi, answered_at__isnull=False)
    totals = answered.aggregate(n=Count("id"), handle=Sum(F("talk_seconds") + F("wrap_seconds")))
    aht = totals["handle"] / totals["n"] if totals["n"] else None
    agents: dict[tuple[int, int], set] = {}
    for agent_id, at in answered.values_list("agent_id", "answered_at").iterator():
        local = timezone.localtime(at)
        key = (local.weekday(), (local.hour * 60 + local.minute) // 30)
        agents.setdefault(key, set()).add((agent_id, local.date()))
    staffed = {key: len(pairs) / weeks for key, pairs in agents.items()}
    return {"start": start, "end": end, "weeks": weeks, "offered": offered, "aht_seconds": aht,
            "staffed": staffed}

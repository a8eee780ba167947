"""Reads of contact records and the figures derived from them. `qa` and `reports`
both start here.

Visibility: center-wide roles (leads, QA, managers) and admins see every record; an
agent sees their own; everyone else nothing. Out of scope is a 404.

Figures (one aggregate query each, grouped in the database):
- per agent and local day: contacts handled (answered), average handle time (talk +
  wrap-up), for online sessions the average first response and average response time,
  and the visitor/IVR satisfaction (average and count of ratings);
- per queue and interval: offered, answered, abandoned, service level (answered
  within `threshold` seconds of being offered, over offered) and answer rate
  (接通率: answered over offered).
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from .models import ContactRecord
from .models.org import Role
from .permissions import is_admin, role_of, sees_whole_center

SERVICE_LEVEL_SECONDS = 20
INTERVALS = (15, 30, 60)


def contact_scope(user) -> QuerySet[ContactRecord]:
    qs = ContactRecord.objects.all()
    if not user or not user.is_authenticated:
        return qs.none()
    if sees_whole_center(user) or is_admin(user):
        return qs
    if role_of(user) == Role.AGENT:
        return qs.filter(agent=user)
    return qs.none()


def contact_list(user) -> QuerySet[ContactRecord]:
    return contact_scope(user).select_related("agent", "customer", "ticket")


def contact_get(user, pk) -> ContactRecord:
    return get_object_or_404(contact_list(user), pk=pk)


def contact_messages(contact: ContactRecord):
    return contact.messages.order_by("seq")


def local_range(start: date, end: date, tz: str | None = None) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in the center's zone, as aware datetimes."""
    zone = ZoneInfo(tz or settings.TIME_ZONE)
    return (datetime.combine(start, time.min, tzinfo=zone),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))


def month_range(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def _ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _avg(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def agent_daily_figures(contacts: QuerySet[ContactRecord], start: date, end: date) -> list[dict]:
    """Per agent, local day and kind (call/chat), over `contacts` (already scoped)."""
    lo, hi = local_range(start, end)
    rows = (
        contacts.filter(offered_at__gte=lo, offered_at__lt=hi, agent__isnull=False, answered_at__isnull=False)
        .values("agent_id", "offered_day", "kind")
        .annotate(
            handled=Count("id"),
            handle_total=Sum(F("talk_seconds") + F("wrap_seconds")),
            first_response_avg=Avg("first_response_seconds"),
            response_total=Sum("response_seconds_total"),
            responses=Sum("response_count"),
            satisfaction_avg=Avg("satisfaction"),
            satisfaction_count=Count("satisfaction"),
        )
        .order_by("agent_id", "offered_day", "kind")
    )
    out = []
    for row in rows:
        out.append({
            "agent_id": row["agent_id"], "day": row["offered_day"], "kind": row["kind"], "handled": row["handled"],
            "aht_seconds": _avg(row["handle_total"] / row["handled"]) if row["handled"] else None,
            "first_response_avg": _avg(row["first_response_avg"]),
            "response_avg": _avg(row["response_total"] / row["responses"]) if row["responses"] else None,
            "satisfaction_avg": _avg(row["satisfaction_avg"]), "satisfaction_count": row["satisfaction_count"],
        })
    return out


def agent_month_figures(contacts: QuerySet[ContactRecord], month: date) -> dict[int, dict]:
    """One line per agent for a month (all kinds together): handled, AHT, satisfaction
    average and count, online first-response and response averages. What QA sampling
    and the monthly performance read."""
    lo, hi = local_range(*month_range(month))
    rows = (
        contacts.filter(offered_at__gte=lo, offered_at__lt=hi, agent__isnull=False, answered_at__isnull=False)
        .values("agent_id")
        .annotate(
            handled=Count("id"),
            calls=Count("id", filter=Q(kind="call")),
            chats=Count("id", filter=Q(kind="chat")),
            handle_total=Sum(F("talk_seconds") + F("wrap_seconds")),
            first_response_avg=Avg("first_response_seconds"),
            response_total=Sum("response_seconds_total"),
            responses=Sum("response_count"),
            satisfaction_avg=Avg("satisfaction"),
            satisfaction_count=Count("satisfaction"),
            satisfied=Count("id", filter=Q(satisfaction__gte=4)),
        )
    )
    return {
        row["agent_id"]: {
            "handled": row["handled"], "calls": row["calls"], "chats": row["chats"],
            "aht_seconds": _avg(row["handle_total"] / row["handled"]) if row["handled"] else None,
            "first_response_avg": _avg(row["first_response_avg"]),
            "response_avg": _avg(row["response_total"] / row["responses"]) if row["responses"] else None,
            "satisfaction_avg": _avg(row["satisfaction_avg"]), "satisfaction_count": row["satisfaction_count"],
            "satisfied_rate": _ratio(row["satisfied"], row["satisfaction_count"]),
        }
        for row in rows
    }


def interval_figures(contacts: QuerySet[ContactRecord], start: date, end: date, *, minutes: int = 60,
                     threshold: int = SERVICE_LEVEL_SECONDS, by_day: bool = True) -> list[dict]:
    """Per queue and interval (`minutes` 15, 30 or 60, local time). With `by_day`
    False the intervals of all days are folded into one intraday profile."""
    if minutes not in INTERVALS:
        raise ValueError(f"interval must be one of {INTERVALS}")
    lo, hi = local_range(start, end)
    zone = ZoneInfo(settings.TIME_ZONE)
    # Integer division of the stored local minute of the day: exact on every database.
    slot = ExpressionWrapper(F("offered_minute") / minutes, output_field=IntegerField())
    rows = (
        contacts.filter(offered_at__gte=lo, offered_at__lt=hi)
        .annotate(slot=slot)
        .values("queue", "offered_day", "slot")
        .annotate(
            offered=Count("id"),
            answered=Count("answered_at"),
            within=Count("id", filter=Q(answered_at__isnull=False, wait_seconds__lte=threshold)),
            wait_total=Sum("wait_seconds", filter=Q(answered_at__isnull=False)),
        )
        .order_by("queue", "offered_day", "slot")
    )
    merged: dict[tuple, dict] = {}
    for row in rows:
        offset = row["slot"] * minutes
        start_at = datetime.combine(row["offered_day"], time(offset // 60, offset % 60), tzinfo=zone)
        key = (row["queue"], start_at if by_day else start_at.time())
        line = merged.setdefault(key, {"queue": row["queue"], "start": key[1], "offered": 0, "answered": 0,
                                       "within": 0, "wait_total": 0})
        for name in ("offered", "answered", "within"):
            line[name] += row[name]
        line["wait_total"] += row["wait_total"] or 0
    out = []
    for line in merged.values():
        out.append({
            "queue": line["queue"], "start": line["start"], "offered": line["offered"], "answered": line["answered"],
            "abandoned": line["offered"] - line["answered"],
            "service_level": _ratio(line["within"], line["offered"]),
            "answer_rate": _ratio(line["answered"], line["offered"]),
            "asa_seconds": _avg(line["wait_total"] / line["answered"]) if line["answered"] else None,
        })
    out.sort(key=lambda r: (r["queue"], str(r["start"])))
    return out

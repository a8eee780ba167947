"""What the SLA badge and panel show, computed in Python (templates only print).
Remaining time is BUSINESS time on the clock's own calendar (`sla.kernel.elapsed`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sla import kernel, kernel_calendars
from sla.models import ClockState, ServiceCalendar
from sla.services import derivation
from slacenter.inputs import parse_int

# Inline colours: the badge lives in other apps' pages, whose stylesheet we do not own.
COLOURS = {
    "ok": "background:#dcfce7;color:#166534",
    "warning": "background:#fef3c7;color:#92400e",
    "breached": "background:#dc2626;color:#fff",
    "paused": "background:#e0e7ff;color:#3730a3",
    "met": "background:#e5e7eb;color:#374151",
    "none": "background:#f1f5f9;color:#64748b",
}


SEGMENT_LABELS = {
    "working": lambda: _("working"),
    "paused": lambda: _("paused"),
    "closed": lambda: _("closed"),
    "holiday": lambda: _("holiday"),
}


def _status_labels() -> dict:
    from tickets.models import TicketStatus

    return {**dict(TicketStatus.choices), "resolved": _("Resolved (before a reopen)")}


def business_time_text(seconds: int) -> str:
    """Business time as business hours and minutes ("4工作小时20分钟"): never as 24-hour
    days, since a business day is not 24 hours (nor the same length every day)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours and minutes:
        return ngettext("%(h)s business hour %(m)s min", "%(h)s business hours %(m)s min", hours) % {
            "h": hours, "m": minutes}
    if hours:
        return ngettext("%(h)s business hour", "%(h)s business hours", hours) % {"h": hours}
    return _("%(m)s business min") % {"m": minutes}


def target_text(policy, target_seconds: int) -> str:
    """A target in the unit it was set in: "3个工作日", "4工作小时", "90工作分钟"."""
    if policy is not None and policy.target_days is not None:
        days = policy.target_days
        text = ngettext("%(n)s business day", "%(n)s business days", days) % {"n": days}
        return _("%(days)s, to the end of the day") % {"days": text} if policy.end_of_day else text
    minutes = policy.target_minutes if policy is not None and policy.target_minutes is not None \
        else target_seconds // 60
    if minutes and minutes % 60 == 0:
        return ngettext("%(h)s business hour", "%(h)s business hours", minutes // 60) % {"h": minutes // 60}
    if minutes > 60:
        return business_time_text(minutes * 60)
    return _("%(m)s business min") % {"m": minutes}


class CalendarCache:
    """ServiceCalendar rows and kernel calendars, memoised for one render: every
    calendar in one query at the first need (a handful of rows, one per department)."""

    def __init__(self):
        self._rows: dict | None = None

    def kernel(self, calendar_id):
        if calendar_id is None:
            return None
        if self._rows is None:
            self._rows = ServiceCalendar.objects.in_bulk()
        row = self._rows.get(calendar_id)
        return kernel_calendars.kernel_calendar(row) if row is not None else None


def overdue_by(*, due_at, calendar_id, now: datetime, cache: CalendarCache) -> str:
    """How long past its due time a clock is, in business time on its calendar."""
    cal = cache.kernel(calendar_id)
    if cal is None or due_at is None or due_at >= now:
        return "—"
    return business_time_text(kernel.elapsed(cal, due_at, now))


def badge(*, state, due_at, warn_at, calendar_id, paused: bool, any_clock: bool, now: datetime,
          cache: CalendarCache) -> dict:
    """{kind, text, style, title} for one ticket row."""
    if due_at is not None:
        cal = cache.kernel(calendar_id)
        due_text = timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")
        if due_at <= now or state == ClockState.BREACHED:
            kind = "breached"
            text = _("overdue %(t)s") % {"t": business_time_text(kernel.elapsed(cal, due_at, now))} \
                if cal is not None and due_at <= now else _("overdue")
        else:
            kind = "warning" if warn_at is not None and warn_at <= now else "ok"
            # Without its calendar the business time left is unknown: show the due time.
            text = _("%(t)s left") % {"t": business_time_text(kernel.elapsed(cal, now, due_at))} \
                if cal is not None else _("due %(due)s") % {"due": due_text}
        title = _("Due %(due)s") % {"due": due_text}
    elif paused:
        kind, text, title = "paused", _("paused"), _("The SLA clock is paused.")
    elif any_clock:
        kind, text, title = "met", _("done"), _("No running SLA clock.")
    else:
        kind, text, title = "none", "—", _("No SLA applies.")
    # Instants for the live badge (static/js/sla-live.js changes colour at them).
    live = due_at is not None and kind in ("ok", "warning")
    return {"kind": kind, "text": text, "style": COLOURS[kind], "title": title,
            "due": due_at.isoformat() if live else "",
            "warn": warn_at.isoformat() if live and warn_at is not None else ""}


def clock_badge(clock, *, now: datetime, cache: CalendarCache) -> dict:
    """The badge of one clock (panel and inbox), stopped clocks included."""
    open_ = clock.stopped_at is None and clock.state in (ClockState.RUNNING, ClockState.BREACHED)
    b = badge(state=clock.state if open_ else None, due_at=clock.due_at if open_ else None, warn_at=clock.warn_at,
              calendar_id=clock.calendar_id, paused=clock.state == ClockState.PAUSED, any_clock=True, now=now,
              cache=cache)
    if not open_ and clock.state == ClockState.BREACHED:
        b.update(kind="breached", style=COLOURS["breached"], text=_("breached"))
    return {**b, "ref": f"c:{clock.pk}"}


def _split_closed_by_day(a: datetime, z: datetime, tz) -> list[tuple[datetime, datetime]]:
    """A closed stretch cut at local midnights, so each day can be named (holidays)."""
    out = []
    cur = a
    while cur < z:
        local = cur.astimezone(tz)
        midnight = datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=tz)
        nxt = min(z, midnight)
        out.append((cur, nxt))
        cur = nxt
    return out


def _department_names(ids) -> dict:
    from tickets.models import Department

    wanted = {n for n in (parse_int(str(i), min_value=1) for i in ids) if n}
    return {d.pk: d.display_name for d in Department.objects.filter(pk__in=wanted)} if wanted else {}


def matched_on_labels(matched: dict | None) -> list[str]:
    """The policy's matching criteria as people read them: 优先级：紧急, not priority=4."""
    from tickets.models import Category, Channel, Customer, Priority, TicketKind

    fields = {
        "priority": (_("Priority"), lambda v: Priority(int(v)).label),
        "tier": (_("Tier"), lambda v: Customer.Tier(v).label),
        "channel": (_("Channel"), lambda v: Channel(v).label),
        "kind": (_("Kind"), lambda v: TicketKind(v).label),
        "category": (_("Category"), lambda v: Category.objects.get(pk=v).display_name),
    }
    rows = []
    for name, value in (matched or {}).items():
        label, show = fields.get(name, (name, str))
        try:
            shown = show(value)
        except (ValueError, LookupError, Category.DoesNotExist):
            shown = value
        rows.append(_("%(label)s: %(value)s") % {"label": label, "value": shown})
    return rows


def _elapsed_now(clock, cal, *, open_: bool, now: datetime) -> int:
    """Business time counted so far: for a clock still open, up to now through the
    derivation's own rule (the stored figure is as of its last derivation); for a
    stopped one, as stored."""
    if not open_ or cal is None or now <= clock.started_at:
        return clock.elapsed_seconds
    pauses = [(datetime.fromisoformat(a), datetime.fromisoformat(z) if z else None) for a, z, *_r in clock.pauses]
    return derivation.elapsed_seconds(cal, start=clock.started_at, stop=None, pauses=pauses, now=now)


def clock_view(clock, *, now: datetime, cache: CalendarCache) -> dict:
    """Everything the panel shows of one clock."""
    cal = cache.kernel(clock.calendar_id)
    open_ = clock.stopped_at is None and clock.state in (ClockState.RUNNING, ClockState.BREACHED)
    b = clock_badge(clock, now=now, cache=cache)
    closed_pauses = [(datetime.fromisoformat(a), datetime.fromisoformat(z)) for a, z, *_r in clock.pauses if z]
    end = clock.stopped_at or max(now, clock.started_at)
    if clock.due_at and clock.due_at > end:
        end = clock.due_at
    timeline = []
    if cal is not None:
        open_pauses = [(datetime.fromisoformat(a), end) for a, z, *_r in clock.pauses if not z]
        holidays = {o.date: o.name or o.get_kind_display() for o in clock.calendar.overrides.all()} \
            if clock.calendar_id else {}
        tz = cal.zone
        for a, z, kind in kernel.segments(cal, clock.started_at, end, closed_pauses + open_pauses):
            pieces = _split_closed_by_day(a, z, tz) if kind == "closed" and holidays else [(a, z)]
            for pa, pz in pieces:
                label, name = kind, ""
                day = pa.astimezone(tz).date()
                if kind == "closed" and day in holidays:
                    label, name = "holiday", holidays[day]
                if timeline and timeline[-1]["kind"] == label == "closed":
                    timeline[-1]["end"] = pz
                    timeline[-1]["minutes"] = int((pz - timeline[-1]["start"]).total_seconds() // 60)
                    continue
                timeline.append({"start": pa, "end": pz, "kind": label, "name": name,
                                 "label": SEGMENT_LABELS[label](), "minutes": int((pz - pa).total_seconds() // 60)})
    STATUS_LABELS = _status_labels()  # noqa: N806 - a lookup table
    names = _department_names([d for *_r, depts in clock.pauses for d in depts or ()])
    pauses = [{"start": datetime.fromisoformat(a), "end": datetime.fromisoformat(z) if z else None,
               "status": STATUS_LABELS.get(s, s),
               "departments": [names.get(int(d), d) for d in depts or ()]} for a, z, s, depts in clock.pauses]
    return {
        "clock": clock,
        "badge": b,
        "target": target_text(clock.policy, clock.target_seconds),
        "elapsed": business_time_text(_elapsed_now(clock, cal, open_=open_, now=now)),
        "paused": business_time_text(clock.paused_seconds),
        "matched_on": matched_on_labels(clock.matched_on),
        "pauses": pauses,
        "attribution": clock.pause_attribution,
        "timeline": timeline[:200],
        "plan": clock.escalation_plan,
    }

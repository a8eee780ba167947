"""Business-time arithmetic over a :class:`~sla.kernel.calendar.Calendar`: the public
functions of the kernel (see ``sla.kernel`` for the model and the boundary rules)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from .calendar import _EPOCH, _KINDS, _SEC, _US, Calendar, _dt, _int, _merge, _us


def add(calendar: Calendar, start: datetime, seconds: int,
        pauses: Iterable[tuple[datetime, datetime]] = ()) -> datetime:
    """The instant ``seconds`` of running business time after ``start`` (before, if negative)."""
    try:  # hot path: one subtraction gives epoch microseconds and rejects naive input
        us = (start - _EPOCH) // _US
    except TypeError:
        raise ValueError(f"start must be an aware datetime, got {start!r}") from None
    if type(seconds) is not int:
        seconds = _int(seconds, "seconds")
    if pauses:
        us = calendar._add_paused(us, seconds * _SEC, _merge(pauses))
    else:
        us = calendar._add(us, seconds * _SEC)
    try:
        return _EPOCH + _US * us
    except OverflowError:
        raise ValueError("result is outside the supported range (years 1-9999)") from None


def elapsed(calendar: Calendar, start: datetime, end: datetime,
            pauses: Iterable[tuple[datetime, datetime]] = ()) -> int:
    """Whole seconds of running business time in [start, end] (truncated)."""
    a, b = _us(start, "start"), _us(end, "end")
    if b < a:
        raise ValueError(f"end {end!r} is before start {start!r}")
    w = calendar._work(a, b)
    for pa, pb in _merge(pauses):
        lo, hi = max(pa, a), min(pb, b)
        if lo < hi:
            w -= calendar._work(lo, hi)
    return w // _SEC


def add_days(calendar: Calendar, start: datetime, days: int, end_of_day: bool = False) -> datetime:
    """The same local time ``days`` working days later (earlier if negative).

    A working day is a local date with at least one configured window; the
    start's own date is day 0.  The result is moved forward to the next working
    instant if it falls outside hours.  With ``end_of_day`` the result is the
    close of that date's last window (for ``days == 0`` on a closed date: the
    next working date's).
    """
    us, days = _us(start, "start"), _int(days, "days")
    if not calendar._has_work:
        raise ValueError("the calendar has no working time at all")
    if days == 0 and not end_of_day:
        return _dt(calendar._next_working(us))
    try:
        local = start.astimezone(calendar.zone)
    except OverflowError:
        raise ValueError("start is too close to the supported range's limits") from None
    o = local.toordinal()
    if days:
        o = calendar._nth_working_date(o, days)
    elif not calendar._spec(o):
        o = calendar._nth_working_date(o, 1)
    if end_of_day:
        return _dt(calendar._local(o, calendar._spec(o)[-1][1], True))
    wall = datetime.combine(date.fromordinal(o), local.time(), tzinfo=calendar.zone)
    return _dt(calendar._next_working(_us(wall, "start")))


def is_working(calendar: Calendar, instant: datetime) -> bool:
    """Whether ``instant`` lies inside a window (closing instants included)."""
    return calendar._is_working(_us(instant, "instant"))


def segments(calendar: Calendar, start: datetime, end: datetime,
             pauses: Iterable[tuple[datetime, datetime]] = ()) -> list[tuple[datetime, datetime, str]]:
    """Partition [start, end] into consecutive ``(seg_start, seg_end, kind)`` for timelines.

    ``kind`` is "working" (clock running), "paused" (inside a window but paused)
    or "closed" (outside the windows).  Adjacent segments of one kind are merged;
    zero-length segments are omitted.  Datetimes are UTC.
    """
    a, b = _us(start, "start"), _us(end, "end")
    if b < a:
        raise ValueError(f"end {end!r} is before start {start!r}")
    ps = _merge(pauses)
    out: list[list] = []

    def emit(x: int, y: int, kind: str) -> None:
        if x < y:
            if out and out[-1][2] == kind and out[-1][1] == x:
                out[-1][1] = y
            else:
                out.append([x, y, kind])

    cur, pi = a, 0
    for ws, we in calendar._windows(a, b):
        emit(cur, ws, "closed")
        while pi < len(ps) and ps[pi][1] <= ws:
            pi += 1
        p, q = ws, pi
        while q < len(ps) and ps[q][0] < we:
            x, y = max(ps[q][0], ws), min(ps[q][1], we)
            if x < y:
                emit(p, x, "working")
                emit(x, y, "paused")
                p = y
            q += 1
        emit(p, we, "working")
        cur = we
    emit(cur, b, "closed")
    return [(_dt(x), _dt(y), kind) for x, y, kind in out]


def explain(calendar: Calendar, start: datetime, seconds: int,
            pauses: Iterable[tuple[datetime, datetime]] = ()) -> dict:
    """``add`` plus a breakdown for UIs and support: due date, seconds per kind, segments."""
    pauses = list(pauses)
    due = add(calendar, start, seconds, pauses)
    lo, hi = sorted((start.astimezone(UTC), due))
    segs = segments(calendar, lo, hi, pauses)
    totals = dict.fromkeys(_KINDS, 0.0)
    for x, y, kind in segs:
        totals[kind] += (y - x).total_seconds()
    return {"start": start.astimezone(UTC), "due": due, "seconds": seconds, **totals,
            "segments": segs}

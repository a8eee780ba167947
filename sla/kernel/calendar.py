"""The kernel's calendar: working windows of local wall time turned into real instants.

Model
-----
A :class:`Calendar` is an IANA zone plus working *windows* of local wall time
(``("HH:MM", "HH:MM")``, ``"24:00"`` allowed as an end) per weekday, with
per-date *overrides* whose windows replace the weekly ones (``[]`` = holiday;
make-up workdays and short days are just other window lists).

Every local window becomes a closed interval of real (UTC) instants: the opening
is the earliest instant showing that wall time, the closing the latest one.  So
windows hold *real* elapsed time: on a DST day 00:00-24:00 is 23 h or 25 h, and
a window (or the part of one) inside a spring-forward gap shrinks, because wall
times in the gap map to the transition instant.  Touching or overlapping real
intervals (Fri 22:00-24:00 + Sat 00:00-06:00, a 24x7 calendar) are merged, so
midnight is never a boundary.  Working time is the union of these intervals.

The *position* of an instant is the working time before it: ``elapsed`` is a
difference of positions and ``add`` maps a position back to an instant.

Boundary rule
    A window's closing instant is working time (``is_working`` is true at 18:00
    for 09:00-18:00).  A duration that exactly exhausts a window ends at that
    window's close, not at the next opening; counting backwards (negative
    seconds) it ends at the window's opening.  A start outside the windows
    counts from the next opening (forwards) or the previous close (backwards).
    ``add(c, s, 0)`` returns ``s`` if it is a working instant, else the next
    opening (pauses are irrelevant for a zero duration).

Pauses
    Wall-clock intervals during which the clock stands still.  They may overlap
    each other and closed time; only their overlap with windows matters.  A
    duration that is exhausted exactly when a pause begins ends there.

Resolution is one microsecond; ``elapsed`` truncates to whole seconds.  Inputs
are aware datetimes in any zone, results are aware UTC datetimes, and invalid
input raises ``ValueError``.  The functions never read the current time.

Windows are materialised lazily per UTC chunk of 2**45 us (~407 days) as sorted
epoch-microsecond arrays with prefix sums of working time, cached on the
calendar (which is therefore cheap to reuse): ``add`` and ``elapsed`` cost two
bisections, plus one step per chunk crossed.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

__all__ = ["Calendar"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_SEC = 1_000_000
_DAY = 86_400 * _SEC
_EPOCH_ORD = _EPOCH.toordinal()
_MAX_ORD = date.max.toordinal()
_MIN_US = (datetime.min.replace(tzinfo=UTC) - _EPOCH) // _US
_MAX_US = (datetime.max.replace(tzinfo=UTC) - _EPOCH) // _US
_SHIFT = 45  # chunk index = epoch_us >> _SHIFT: O(1) lookup, ~500 windows per chunk
_KMIN, _KMAX = _MIN_US >> _SHIFT, _MAX_US >> _SHIFT
_EMPTY: Mapping = MappingProxyType({})
_KINDS = ("working", "closed", "paused")


def _minute(text: object, where: str) -> int:
    # ASCII digits only: "٠٩:٠٠" is refused, never stored as typed.
    if not (isinstance(text, str) and len(text) == 5 and text[2] == ":" and text.isascii()
            and text[:2].isdigit() and text[3:].isdigit()):
        raise ValueError(f"{where}: malformed time {text!r}, expected 'HH:MM'")
    h, m = int(text[:2]), int(text[3:])
    if m > 59 or h > 24 or (h == 24 and m):
        raise ValueError(f"{where}: time {text!r} is out of range 00:00-24:00")
    return h * 60 + m


def _day(spec: object, where: str) -> tuple[tuple[int, int], ...]:
    """Parse one day's windows into sorted (start_minute, end_minute) pairs."""
    if isinstance(spec, str) or not isinstance(spec, Iterable):
        raise ValueError(f"{where}: expected a list of (start, end) windows, got {spec!r}")
    out = []
    for pair in spec:
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(f"{where}: window {pair!r} is not a (start, end) pair")
        a, b = _minute(pair[0], where), _minute(pair[1], where)
        if a >= b:
            raise ValueError(f"{where}: window {pair!r} does not start before it ends")
        out.append((a, b))
    out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a < merged[-1][1]:
            raise ValueError(f"{where}: windows overlap at {a // 60:02d}:{a % 60:02d}")
        if merged and a == merged[-1][1]:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return tuple(merged)


def _week(weekly: object, where: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Parse a weekly mapping 0 (Mon) .. 6 (Sun) -> windows; missing days are closed."""
    if not isinstance(weekly, Mapping):
        raise ValueError("weekly hours must be a mapping")
    for k in weekly:
        if type(k) is not int or not 0 <= k <= 6:
            raise ValueError(f"weekly key {k!r} must be an int 0 (Mon) .. 6 (Sun)")
    return tuple(_day(weekly.get(d, ()), f"{where} {d}") for d in range(7))


def _us(value: object, name: str) -> int:
    try:
        return (value - _EPOCH) // _US  # type: ignore[operator]
    except TypeError:
        raise ValueError(f"{name} must be an aware datetime, got {value!r}") from None


def _dt(us: int) -> datetime:
    try:
        return _EPOCH + _US * us
    except OverflowError:
        raise ValueError("result is outside the supported range (years 1-9999)") from None


def _int(value: object, name: str) -> int:
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None


def _merge(pauses: Iterable) -> list[list[int]]:
    """Validate pauses and merge them into sorted, disjoint [start_us, end_us] lists."""
    items = []
    for p in pauses:
        try:
            a, b = p
        except (TypeError, ValueError):
            raise ValueError(f"pause {p!r} is not a (start, end) pair") from None
        a, b = _us(a, "pause start"), _us(b, "pause end")
        if b < a:
            raise ValueError(f"pause {p!r} ends before it starts")
        items.append((a, b))
    merged: list[list[int]] = []
    for a, b in sorted(items):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def _pos(chunk: tuple, us: int) -> int:
    """Working microseconds in ``chunk`` before ``us``."""
    starts, ends, cum, _, total = chunk
    i = bisect_left(ends, us)
    if i == len(ends):
        return total
    return cum[i] + us - starts[i] if us > starts[i] else cum[i]


class Calendar:
    """Working windows in an IANA time zone (see the module docstring).

    ``weekly`` maps 0=Mon .. 6=Sun to ``[("08:00", "12:00"), ...]`` (missing
    days are closed); ``overrides`` maps a local ``date`` to windows replacing
    that day's weekly ones (``[]`` = closed).  The configuration is immutable;
    materialised windows are cached, so one instance serves any number of calls.
    """

    def __init__(self, tz: str,
                 weekly: Mapping[int, Sequence[tuple[str, str]]],
                 overrides: Mapping[date, Sequence[tuple[str, str]]] = _EMPTY,
                 eras: Iterable[tuple[date, Mapping[int, Sequence[tuple[str, str]]]]] = ()) -> None:
        try:
            self.zone = ZoneInfo(tz)
        except (KeyError, ValueError, TypeError, OSError):
            raise ValueError(f"unknown time zone {tz!r}") from None
        self.tz = tz
        if not isinstance(weekly, Mapping) or not isinstance(overrides, Mapping):
            raise ValueError("weekly and overrides must be mappings")
        self._weekly = _week(weekly, "weekday")
        # Eras: other weekly hours from a local date on (versions of a service
        # calendar). Looked up by bisection when a chunk is built and counted in closed
        # form per era, so a far-away era costs nothing until that time is asked about.
        era_list = []
        for start, hours in eras:
            if isinstance(start, datetime) or not isinstance(start, date):
                raise ValueError(f"era start {start!r} must be a datetime.date")
            era_list.append((start.toordinal(), _week(hours, f"era {start.isoformat()} weekday")))
        era_list.sort(key=operator.itemgetter(0))
        if len({o for o, _ in era_list}) != len(era_list):
            raise ValueError("two eras start on the same date")
        self._era_ords = [o for o, _ in era_list]
        self._patterns = [self._weekly, *(p for _, p in era_list)]
        self._ov: dict[int, tuple[tuple[int, int], ...]] = {}
        for d, spec in overrides.items():
            if isinstance(d, datetime) or not isinstance(d, date):
                raise ValueError(f"override key {d!r} must be a datetime.date")
            self._ov[d.toordinal()] = _day(spec, f"override {d.isoformat()}")
        self._ov_ords = sorted(self._ov)
        self._has_work = any(any(p) for p in self._patterns) or any(self._ov.values())
        # Working-date counting for add_days: C(n) = working dates with ordinal < n
        # = per era, its weekly pattern count (closed form) + override corrections
        # (prefix sums).
        self._wk = [[bool(w) for w in p] for p in self._patterns]
        self._wk_sum = [sum(wk) for wk in self._wk]
        self._wk_pre = [[sum(wk[(o + 6) % 7] for o in range(r)) for r in range(8)] for wk in self._wk]
        bounds = [0, *self._era_ords]
        self._era_cum = [0]  # working dates in the eras before era i (complete ones)
        for i in range(len(self._era_ords)):
            self._era_cum.append(self._era_cum[-1] + self._pattern_count(i, bounds[i + 1])
                                 - self._pattern_count(i, bounds[i]))
        self._era_bounds = bounds
        self._ov_adj = [0]
        for o in self._ov_ords:
            self._ov_adj.append(self._ov_adj[-1] + bool(self._ov[o]) - bool(self._pattern(o)[(o + 6) % 7]))
        self._chunks: dict[int, tuple] = {}

    def __repr__(self) -> str:
        return f"Calendar({self.tz!r}, {len(self._ov)} overrides)"

    # -- materialisation ------------------------------------------------------
    def _pattern(self, o: int) -> tuple:
        """The weekly pattern in force on date ordinal ``o``."""
        return self._patterns[bisect_right(self._era_ords, o)] if self._era_ords else self._weekly

    def _spec(self, o: int) -> tuple[tuple[int, int], ...]:
        spec = self._ov.get(o)
        return self._pattern(o)[(o + 6) % 7] if spec is None else spec

    def _pattern_count(self, i: int, x: int) -> int:
        """Dates with ordinal < x that pattern ``i`` makes working (closed form)."""
        return (x // 7) * self._wk_sum[i] + self._wk_pre[i][x % 7]

    def _count(self, x: int) -> int:
        """Working dates with ordinal < x."""
        i = bisect_right(self._era_ords, x - 1) if self._era_ords else 0
        w = self._era_cum[i] + self._pattern_count(i, x) - self._pattern_count(i, self._era_bounds[i])
        return w + self._ov_adj[bisect_left(self._ov_ords, x)]

    def _local(self, o: int, minute: int, closing: bool) -> int:
        """Epoch us of local wall time ``minute`` on date ordinal ``o`` (DST-aware)."""
        naive = ((o - _EPOCH_ORD) * 86_400 + minute * 60) * _SEC
        if minute == 1440:
            o, minute = o + 1, 0
        if o > _MAX_ORD:  # 9999-12-31 24:00: take the offset of the last minute
            o, minute = _MAX_ORD, 1439
        d = date.fromordinal(o)
        wall = datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=self.zone)
        off0, off1 = wall.utcoffset() // _US, wall.replace(fold=1).utcoffset() // _US
        if off0 == off1:
            return naive - off0
        if off0 > off1:  # repeated wall time: opening = first, closing = last occurrence
            return naive - (off1 if closing else off0)
        # Wall time in a gap: bisect (in seconds) for the transition instant.
        lo, hi = (naive - off1) // _SEC, -((off0 - naive) // _SEC)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if (_EPOCH + timedelta(seconds=mid)).astimezone(self.zone).utcoffset() // _US == off1:
                hi = mid
            else:
                lo = mid
        return hi * _SEC

    def _build(self, k: int) -> tuple:
        lo, hi = k << _SHIFT, (k + 1) << _SHIFT
        o0 = max(1, _EPOCH_ORD + lo // _DAY - 2)  # +-2 days covers any UTC offset
        o1 = min(_MAX_ORD, _EPOCH_ORD + hi // _DAY + 2)
        wins = []
        if any(any(p) for p in self._patterns) or bisect_left(self._ov_ords, o0) < bisect_right(self._ov_ords, o1):
            for o in range(o0, o1 + 1):
                for m0, m1 in self._spec(o):
                    a, b = self._local(o, m0, False), self._local(o, m1, True)
                    if a < hi and b > lo and a < b:
                        wins.append((max(a, lo), min(b, hi)))
        wins.sort()
        starts: list[int] = []
        ends: list[int] = []
        for a, b in wins:
            if ends and a <= ends[-1]:
                ends[-1] = max(ends[-1], b)
            else:
                starts.append(a)
                ends.append(b)
        cum, cend, total = [], [], 0
        for a, b in zip(starts, ends, strict=True):
            cum.append(total)
            total += b - a
            cend.append(total)
        chunk = (starts, ends, cum, cend, total)
        self._chunks[k] = chunk
        return chunk

    def _get(self, k: int) -> tuple:
        return self._chunks.get(k) or self._build(k)

    # -- kernel on epoch microseconds -----------------------------------------
    def _is_working(self, us: int) -> bool:
        k = us >> _SHIFT
        starts, ends = self._get(k)[:2]
        i = bisect_left(ends, us)
        if i < len(ends) and starts[i] <= us:
            return True
        # a window closing exactly at a chunk boundary lives in the previous chunk
        return us == k << _SHIFT and k > _KMIN and self._get(k - 1)[1][-1:] == [us]

    def _next_working(self, us: int) -> int:
        if self._is_working(us):
            return us
        k = us >> _SHIFT
        while k <= _KMAX:
            starts, ends = self._get(k)[:2]
            i = bisect_left(ends, us)
            if i < len(ends):
                return max(us, starts[i])
            k += 1
            us = k << _SHIFT
        raise ValueError("no working time before the end of year 9999")

    def _add(self, us: int, delta: int) -> int:
        """Instant at working-time distance ``delta`` from ``us`` (boundary rule)."""
        if not self._has_work:
            raise ValueError("the calendar has no working time at all")
        k = us >> _SHIFT
        starts, ends, cum, cend, total = self._chunks.get(k) or self._build(k)
        i = bisect_left(ends, us)
        if i < len(ends):
            s = starts[i]
            t = cum[i] + (us - s if us > s else 0) + delta
        else:
            t = total + delta
        if delta > 0:
            while t > total:  # a chunk holds at most 2**_SHIFT us: fail fast on huge values
                if t - total > (_KMAX - k) << _SHIFT:
                    raise ValueError("result would be past the end of year 9999")
                t -= total
                k += 1
                starts, ends, cum, cend, total = self._get(k)
            j = bisect_left(cend, t)  # first window whose cumulative end reaches t
            return starts[j] + t - cum[j]
        if delta < 0:
            while t < 0:
                if -t > (k - _KMIN) << _SHIFT:
                    raise ValueError("result would be before year 1")
                k -= 1
                starts, ends, cum, cend, total = self._get(k)
                t += total
            j = bisect_right(cum, t) - 1  # last window whose cumulative start <= t
            return starts[j] + t - cum[j]
        return self._next_working(us)

    def _work(self, a: int, b: int) -> int:
        """Working microseconds in [a, b] (a <= b)."""
        k0, k1 = a >> _SHIFT, b >> _SHIFT
        c0 = self._get(k0)
        if k0 == k1:
            return _pos(c0, b) - _pos(c0, a)
        w = c0[4] - _pos(c0, a) + _pos(self._get(k1), b)
        return w + sum(self._get(k)[4] for k in range(k0 + 1, k1))

    def _add_paused(self, us: int, delta: int, pauses: list[list[int]]) -> int:
        # Each pause's working-time overlap (from the start on) is added on while the
        # pause begins strictly before the extended target is reached.
        t = abs(delta)
        if delta > 0:
            for a, b in pauses:
                if b > us:
                    if (self._work(us, a) if a > us else 0) >= t:
                        break
                    t += self._work(max(a, us), b)
        elif delta < 0:
            for a, b in reversed(pauses):
                if a < us:
                    if (self._work(b, us) if b < us else 0) >= t:
                        break
                    t += self._work(a, min(b, us))
        return self._add(us, t if delta >= 0 else -t)

    def _windows(self, a: int, b: int) -> list[list[int]]:
        """Merged working intervals clipped to [a, b]."""
        out: list[list[int]] = []
        for k in range(a >> _SHIFT, (b >> _SHIFT) + 1):
            starts, ends = self._get(k)[:2]
            for j in range(bisect_right(ends, a), len(ends)):
                if starts[j] >= b:
                    break
                s, e = max(starts[j], a), min(ends[j], b)
                if out and out[-1][1] == s:
                    out[-1][1] = e
                else:
                    out.append([s, e])
        return out

    def _nth_working_date(self, o: int, n: int) -> int:
        """Ordinal of the n-th working date after (n > 0) or before (n < 0) ordinal o."""
        count = self._count  # working dates with ordinal < x
        if n > 0:
            base, lo, hi = count(o + 1), o + 1, _MAX_ORD
            if count(hi + 1) - base < n:
                raise ValueError("result would be past the end of year 9999")
            while lo < hi:  # smallest x with n working dates in (o, x]
                mid = (lo + hi) // 2
                lo, hi = (mid + 1, hi) if count(mid + 1) - base < n else (lo, mid)
            return lo
        base, lo, hi = count(o), 1, o - 1
        if base - count(1) < -n:
            raise ValueError("result would be before year 1")
        while lo < hi:  # largest x with -n working dates in [x, o)
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if base - count(mid) >= -n else (lo, mid - 1)
        return lo

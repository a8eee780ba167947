"""Benchmark for sla.kernel.add: kernel vs. bare bisect algorithm vs. minute walking.

Calendar: Mon-Fri 09:00-12:00 + 13:30-18:00 Asia/Shanghai with China's 2026
holidays and make-up workdays as overrides (from the ``holidays`` package when
importable, else the fixed list below).  Samples: starts uniformly random across
2026 (aware UTC datetimes), durations uniformly random from 5 minutes to 30 days
of seconds.  All three figures come from the same run; the LAST printed line is
one JSON object.

* ``add``  - the public ``sla.kernel.add`` (validation included).
* ``bare`` - datetime in, datetime out, two bisections on the calendar's
  precomputed arrays flattened into one table; no validation, no chunk logic.
* ``walk`` - one minute at a time checking ``is_working``; fewer samples,
  normalised to calls per second.

``ratio_bare`` = bare/add (target <= 3), ``ratio_walk`` = add/walk (target >= 100).

Run from the repository root: ``python bench/clock.py``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sla.kernel import Calendar, add, is_working  # noqa: E402
from sla.kernel.calendar import _SHIFT  # noqa: E402

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
DAY = [("09:00", "12:00"), ("13:30", "18:00")]
WEEKLY = {d: DAY for d in range(5)}

# 2026 schedule announced by the State Council (used when `holidays` is missing).
CN_HOLIDAYS_2026 = [
    *[date(2026, 1, d) for d in (1, 2, 3)],                       # New Year
    *[date(2026, 2, d) for d in range(15, 24)],                   # Spring Festival
    *[date(2026, 4, d) for d in (4, 5, 6)],                       # Qingming
    *[date(2026, 5, d) for d in range(1, 6)],                     # Labour Day
    *[date(2026, 6, d) for d in (19, 20, 21)],                    # Dragon Boat
    *[date(2026, 9, d) for d in (25, 26, 27)],                    # Mid-Autumn
    *[date(2026, 10, d) for d in range(1, 8)],                    # National Day
]
CN_WORKDAYS_2026 = [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
                    date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10)]


def china_overrides() -> tuple[dict, str]:
    try:
        import holidays  # type: ignore[import-not-found]
    except ImportError:
        off, work, source = CN_HOLIDAYS_2026, CN_WORKDAYS_2026, "fixed list"
    else:
        cn = holidays.China(years=2026)
        off = [d for d in cn if d.weekday() < 5]
        work = sorted(d for d in getattr(cn, "weekend_workdays", ()) if d.year == 2026) or CN_WORKDAYS_2026
        source = "holidays package"
    ov: dict[date, list] = {d: [] for d in off}
    ov.update({d: DAY for d in work if d.weekday() >= 5})
    return ov, source


def make_bare(cal: Calendar, k0: int, k1: int):
    """Two-bisect add on the calendar's precomputed chunks k0..k1 flattened into one table."""
    starts, ends, cum, cend, base = [], [], [], [], 0
    for k in range(k0, k1 + 1):
        s, e, c, ce, total = cal._get(k)
        starts += s
        ends += e
        cum += [x + base for x in c]
        cend += [x + base for x in ce]
        base += total

    def bare(start: datetime, seconds: int) -> datetime:
        us = (start - EPOCH) // US
        i = bisect_left(ends, us)
        s = starts[i]
        t = cum[i] + (us - s if us > s else 0) + seconds * 1_000_000
        j = bisect_left(cend, t)
        return EPOCH + US * (starts[j] + t - cum[j])

    return bare


def walk(cal: Calendar, start: datetime, seconds: int) -> datetime:
    """Reference: step one minute at a time; whole working minutes only."""
    t, step = start, timedelta(minutes=1)
    while seconds > 0:
        if is_working(cal, t) and is_working(cal, t + step):
            seconds -= 60
        t += step
    return t + timedelta(seconds=seconds)


def best_rate(fn, cal, samples, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for s, d in samples:
            fn(cal, s, d)
        best = min(best, time.perf_counter() - t0)
    return len(samples) / best


def main() -> None:
    rng = random.Random(2026)
    overrides, source = china_overrides()
    cal = Calendar("Asia/Shanghai", WEEKLY, overrides)
    y0 = datetime(2026, 1, 1, tzinfo=UTC)
    year_s = int((datetime(2027, 1, 1, tzinfo=UTC) - y0).total_seconds())
    n = 200_000
    samples = [(y0 + timedelta(seconds=rng.randrange(year_s)), rng.randint(300, 30 * 86400))
               for _ in range(n)]

    for s, d in samples:  # warm the chunk cache; check bare agrees with add
        add(cal, s, d)
    k0 = ((y0 - EPOCH) // US) >> _SHIFT
    k1 = max(cal._chunks)
    bare = make_bare(cal, k0, k1)
    bad = sum(bare(s, d) != add(cal, s, d) for s, d in samples[:20_000])
    assert not bad, f"bare and add disagree on {bad} samples"
    # minute-aligned so that minute walking is exact and comparable
    walk_samples = [(s - timedelta(seconds=s.second), d - d % 60) for s, d in samples[:12]]
    for s, d in walk_samples[:4]:
        assert walk(cal, s, d) == add(cal, s, d), (s, d)

    add_rate = best_rate(add, cal, samples)
    bare_rate = best_rate(lambda _c, s, d: bare(s, d), cal, samples)
    sh = ZoneInfo("Asia/Shanghai")  # extra figure: starts given in the calendar's own zone
    local_rate = best_rate(add, cal, [(s.astimezone(sh), d) for s, d in samples[:50_000]])
    t0 = time.perf_counter()
    for s, d in walk_samples:
        walk(cal, s, d)
    walk_rate = len(walk_samples) / (time.perf_counter() - t0)

    print(f"calendar: Mon-Fri 09:00-12:00,13:30-18:00 Asia/Shanghai, "
          f"{len(overrides)} overrides ({source})")
    print(f"add : {add_rate:12,.0f} calls/s  ({n:,} samples, best of 3)")
    print(f"bare: {bare_rate:12,.0f} calls/s  (two bisects on flattened arrays)")
    print(f"add : {local_rate:12,.0f} calls/s  (starts in Asia/Shanghai instead of UTC)")
    print(f"walk: {walk_rate:12,.2f} calls/s  ({len(walk_samples)} samples, minute steps)")
    print(f"bare/add = {bare_rate / add_rate:.2f}x   add/walk = {add_rate / walk_rate:,.0f}x")
    print(json.dumps({"add_per_s": round(add_rate), "bare_per_s": round(bare_rate),
                      "walk_per_s": round(walk_rate, 3),
                      "ratio_bare": round(bare_rate / add_rate, 3),
                      "ratio_walk": round(add_rate / walk_rate, 1),
                      "add_local_per_s": round(local_rate)}))


if __name__ == "__main__":
    main()

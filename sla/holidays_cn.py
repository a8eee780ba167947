"""China's statutory holidays and make-up workdays (调休上班日) of a year, read from
the `holidays` package (never typed by hand).

`holidays.China(years=...)` lists the days off: the statutory holidays, their
observed days and the swapped days off ("Day off (substituted from ...)"). The
package records the weekend days worked in exchange in `weekend_workdays`; a
make-up workday may belong to the next year's holiday (late December for New
Year), so both years are read and only dates of the asked year are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays


@dataclass(frozen=True)
class StatutoryDay:
    date: date
    is_workday: bool  # a make-up workday; otherwise a day off
    name: str  # Chinese
    name_en: str


# Labels of swapped days off ("休息日（由 2026-01-04 调休）", "Day off (substituted from
# ...)"): only used to name a make-up workday after its festival, never to decide dates.
_SWAP_PREFIXES = ("休息日", "Day off")


def _is_swap(name: str) -> bool:
    return name.startswith(_SWAP_PREFIXES)


def _festival_near(day: date, zh: dict, en: dict) -> tuple[str, str]:
    """The festival closest to a make-up workday (the one it pays for), if any."""
    festivals = [d for d, name in zh.items() if not _is_swap(name)]
    if not festivals:
        return "", ""
    nearest = min(festivals, key=lambda d: (abs((d - day).days), d))
    if abs((nearest - day).days) > 14:
        return "", ""
    return zh[nearest].split("（")[0], en.get(nearest, "").split(" (")[0]


@lru_cache(maxsize=32)
def statutory_days(year: int) -> tuple[StatutoryDay, ...]:
    """Days off and make-up workdays of `year`, sorted by date."""
    years = [year - 1, year, year + 1]
    zh = dict(holidays.China(years=years, language="zh_CN").items())
    en = dict(holidays.China(years=years, language="en_US").items())
    workdays = holidays.China(years=years).weekend_workdays
    out = [
        StatutoryDay(day, False, name, en.get(day, name))
        for day, name in zh.items()
        if day.year == year
    ]
    for day in workdays:
        if day.year != year or day in zh:
            continue
        festival, festival_en = _festival_near(day, zh, en)
        name = f"调休上班（{festival}）" if festival else "调休上班"
        name_en = f"Make-up workday ({festival_en})" if festival_en else "Make-up workday"
        out.append(StatutoryDay(day, True, name, name_en))
    return tuple(sorted(out, key=lambda d: d.date))

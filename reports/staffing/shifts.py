"""The shift-plan check: a week of shifts must cover the service hours (08:00–22:00
every day, 服务时间) in every half hour, keep each agent within 40 hours a week (工时原则),
and meet the required agents per half hour where a requirement is given. Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import time

SLOT_MINUTES = 30
OPEN_AT, CLOSE_AT = time(8, 0), time(22, 0)
MAX_WEEKLY_HOURS = 40


@dataclass(frozen=True)
class Shift:
    agent: str
    weekday: int  # 0 = Monday
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


def _slot(t: time) -> int:
    return (t.hour * 60 + t.minute) // SLOT_MINUTES


def plan_check(shifts: list[Shift], required: dict[tuple[int, int], int] | None = None, *,
               open_at: time = OPEN_AT, close_at: time = CLOSE_AT, max_hours: int = MAX_WEEKLY_HOURS) -> dict:
    """`required[(weekday, slot)]` = agents needed (slot = half hours since midnight).
    Returns the staffed count per slot, the uncovered or under-staffed slots and the
    agents over the weekly limit; `ok` when there are none."""
    staffed: dict[tuple[int, int], int] = defaultdict(int)
    hours: dict[str, float] = defaultdict(float)
    invalid = []
    for shift in shifts:
        if shift.minutes <= 0 or not 0 <= shift.weekday <= 6:
            invalid.append(shift)
            continue
        hours[shift.agent] += shift.minutes / 60
        for slot in range(_slot(shift.start), _slot(shift.end)):
            staffed[(shift.weekday, slot)] += 1
    gaps = []
    for day in range(7):
        for slot in range(_slot(open_at), _slot(close_at)):
            need = max(1, (required or {}).get((day, slot), 0))
            if staffed[(day, slot)] < need:
                gaps.append({"weekday": day, "slot": slot, "staffed": staffed[(day, slot)], "required": need})
    over = {agent: h for agent, h in sorted(hours.items()) if h > max_hours}
    return {"ok": not gaps and not over and not invalid, "gaps": gaps, "over_hours": over,
            "invalid": invalid, "hours": dict(hours), "staffed": dict(staffed)}


def slot_label(slot: int) -> str:
    minutes = slot * SLOT_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"

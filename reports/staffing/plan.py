"""The staffing table: forecast offered calls per half hour of the week (the recent
weeks' average from the contact records), required agents by exact Erlang C for the
target service level, after shrinkage, against the agents who actually answered in
that half hour; and parsing of a typed shift plan for the check."""

from __future__ import annotations

from datetime import time

from .erlang import required_agents
from .shifts import CLOSE_AT, OPEN_AT, Shift, slot_label

SLOT_SECONDS = 1800


def staffing_table(profile: dict, *, target_level: float = 0.8, target_seconds: float = 20,
                   shrinkage: float = 0.3) -> list[dict]:
    aht = profile["aht_seconds"]
    rows = []
    first, last = (OPEN_AT.hour * 60 + OPEN_AT.minute) // 30, (CLOSE_AT.hour * 60 + CLOSE_AT.minute) // 30
    for day in range(7):
        for slot in range(first, last):
            offered = profile["offered"].get((day, slot), 0.0)
            need = (required_agents(contacts=offered, interval_seconds=SLOT_SECONDS, aht_seconds=aht,
                                    target_level=target_level, target_seconds=target_seconds, shrinkage=shrinkage)
                    if aht else {"agents": 0, "scheduled": 0, "service_level": None, "traffic": 0.0})
            staffed = profile["staffed"].get((day, slot), 0.0)
            rows.append({"weekday": day, "slot": slot, "label": slot_label(slot), "offered": round(offered, 1),
                         "traffic": round(need["traffic"], 2), "agents": need["agents"],
                         "scheduled": need["scheduled"], "staffed": round(staffed, 1),
                         "short": staffed < need["agents"]})
    return rows


def parse_shifts(text: str) -> tuple[list[Shift], list[str]]:
    """One shift a line: `agent, weekday (1 = Monday … 7), 08:00, 15:00`."""
    shifts, errors = [], []
    for number, line in enumerate((text or "").splitlines()[:2000], start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        try:
            agent, day, start, end = parts
            day = int(day) - 1
            start, end = time.fromisoformat(start), time.fromisoformat(end)
            if not 0 <= day <= 6 or not agent or len(agent) > 60:
                raise ValueError
        except ValueError:
            errors.append(number)
            continue
        shifts.append(Shift(agent, day, start, end))
    return shifts, [str(n) for n in errors]

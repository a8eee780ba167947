"""The sampling draw as a pure function: the same candidates, quotas and seed give the
same sample, always (so an audit can redo a month's plan from its recorded seed).

Each (agent, channel kind) gets its own generator seeded with "seed:agent:kind", so
adding an agent does not change anyone else's draw. Samples are spread over the
weeks of the month round-robin, and within a week drawn by weighted random sampling
without replacement (Efraimidis–Spirakis keys u^(1/w)): a contact of weight 3 is
three times as likely to be drawn as one of weight 1."""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    contact_id: int
    week: int
    weight: float = 1.0


@dataclass(frozen=True)
class Drawn:
    agent_id: int
    kind: str
    contact_id: int
    week: int
    weight: float
    reason: str


def draw(candidates: dict[tuple[int, str], list[Candidate]], quotas: dict[tuple[int, str], tuple[int, int]],
         seed: int) -> list[Drawn]:
    """`quotas[(agent, kind)]` = (regular, extra). Agents without a quota (exempt)
    are never drawn. Fewer candidates than the quota: all of them are taken."""
    out: list[Drawn] = []
    for (agent_id, kind) in sorted(quotas):
        regular, extra = quotas[(agent_id, kind)]
        pool = sorted(candidates.get((agent_id, kind), []), key=lambda c: c.contact_id)
        if not pool or regular + extra <= 0:
            continue
        rng = random.Random(f"{seed}:{agent_id}:{kind}")
        by_week: dict[int, list[tuple[float, Candidate]]] = {}
        for candidate in pool:
            key = rng.random() ** (1.0 / max(candidate.weight, 1e-6))
            by_week.setdefault(candidate.week, []).append((key, candidate))
        queues = {week: [c for _, c in sorted(items, key=lambda kc: (-kc[0], kc[1].contact_id))]
                  for week, items in by_week.items()}
        weeks = sorted(queues)
        picked = []
        turn = 0
        while len(picked) < regular + extra and any(queues.values()):
            week = weeks[turn % len(weeks)]
            turn += 1
            if queues[week]:
                picked.append(queues[week].pop(0))
        for index, candidate in enumerate(picked):
            out.append(Drawn(agent_id, kind, candidate.contact_id, candidate.week, candidate.weight,
                             "regular" if index < regular else "extra"))
    return out


def balance(drawn: list[Drawn], specialists: list[int]) -> list[int | None]:
    """A QA specialist for each drawn sample: the least loaded one (ties by order),
    never the agent themself."""
    load = {s: 0 for s in specialists}
    out = []
    for item in drawn:
        choices = [s for s in specialists if s != item.agent_id]
        if not choices:
            out.append(None)
            continue
        chosen = min(choices, key=lambda s: (load[s], specialists.index(s)))
        load[chosen] += 1
        out.append(chosen)
    return out

"""Monthly performance pay, pure (no ORM): both of the seed's methods on the figures
of a month. Every figure that goes into an agent's pay is written as a line of the
breakdown, so the agent can redo the sum by hand.

Points method (数值法): components on 0–100 — QA average (capped at 100),
productivity (handled ÷ the team median × 100, capped at 100), external satisfaction
((average − 1) ÷ 4 × 100), business test, attendance — weighted and rescaled over the
components the agent has; plus praise points, minus the fatal-error penalty; clamped to
0–100; the band is the first whose minimum the score reaches; pay = base × band
coefficient.

Amount method (金额法): each defect deducts its amount (at most the base pay); the
deductions form the pool; each published award hands its share of the pool to the top
N agents by a figure (ties at the cut share equally); pay = base − deductions + awards.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from .scoring import HUNDRED, q2

ZERO = Decimal(0)


@dataclass
class AgentMonth:
    agent_id: int
    qa_average: Decimal | None = None
    qa_count: int = 0
    fatal_errors: int = 0
    low_scores: int = 0
    handled: int = 0
    satisfaction: Decimal | None = None
    test_score: Decimal | None = None
    attendance_score: Decimal | None = None
    absences: int = 0
    late_arrivals: int = 0
    praises: int = 0
    praise_points: Decimal = ZERO


@dataclass
class Outcome:
    agent_id: int
    score: Decimal | None
    band: str
    pay: Decimal
    lines: list = field(default_factory=list)
    rank: int = 0


def _d(value) -> Decimal:
    return Decimal(str(value))


def _line(key, figure=None, weight=None, amount=None, note=""):
    return {"key": key, "figure": None if figure is None else str(figure),
            "weight": None if weight is None else str(weight), "amount": None if amount is None else str(amount),
            "note": note}


def _rank(outcomes: list[Outcome], value) -> None:
    """Competition ranking (1, 2, 2, 4) by `value` descending; None last."""
    ordered = sorted(outcomes, key=lambda o: (value(o) is None, -(value(o) or 0), o.agent_id))
    previous, rank = object(), 0
    for index, outcome in enumerate(ordered, start=1):
        if value(outcome) != previous:
            rank, previous = index, value(outcome)
        outcome.rank = rank


def points_method(agents: list[AgentMonth], rules: dict) -> list[Outcome]:
    weights = {k: _d(v) for k, v in rules["weights"].items()}
    penalty = _d(rules["fatal_penalty"])
    base_pay = _d(rules["base_pay"])
    bands = sorted(rules["bands"], key=lambda b: _d(b["min"]), reverse=True)
    handled = [a.handled for a in agents if a.handled]
    team_median = _d(median(handled)) if handled else None
    outcomes = []
    for a in agents:
        components = {
            "qa": None if a.qa_average is None else min(HUNDRED, _d(a.qa_average)),
            "productivity": None if not team_median else min(HUNDRED, _d(a.handled) * HUNDRED / team_median),
            "satisfaction": None if a.satisfaction is None else (_d(a.satisfaction) - 1) * HUNDRED / 4,
            "test": a.test_score,
            "attendance": a.attendance_score,
        }
        present = {k: v for k, v in components.items() if v is not None and weights.get(k)}
        total_weight = sum((weights[k] for k in present), ZERO)
        lines, weighted = [], ZERO
        for key, value in components.items():
            if key not in present:
                lines.append(_line(key, note="missing: weight left out"))
                continue
            points = weights[key] * _d(value) / total_weight
            weighted += points
            lines.append(_line(key, figure=q2(_d(value)), weight=q2(weights[key] * HUNDRED / total_weight),
                               amount=q2(points)))
        score = weighted
        lines.append(_line("weighted", amount=q2(weighted)))
        if a.praise_points:
            score += a.praise_points
            lines.append(_line("praise", figure=a.praises, amount=q2(a.praise_points)))
        if a.fatal_errors:
            score -= penalty * a.fatal_errors
            lines.append(_line("fatal_penalty", figure=a.fatal_errors, amount=q2(-penalty * a.fatal_errors)))
        score = q2(min(HUNDRED, max(ZERO, score)))
        band = next((b for b in bands if score >= _d(b["min"])), bands[-1])
        pay = q2(base_pay * _d(band["coefficient"]))
        lines.append(_line("score", amount=score, note="clamped to 0-100"))
        lines.append(_line("band", figure=band["name"], weight=band["coefficient"], amount=pay,
                           note=f"base {base_pay} × {band['coefficient']}"))
        outcomes.append(Outcome(a.agent_id, score, band["name"], pay, lines))
    _rank(outcomes, lambda o: o.score)
    return outcomes


FIGURES = {
    "qa_average": lambda a: a.qa_average,
    "handled": lambda a: a.handled or None,
    "satisfaction": lambda a: a.satisfaction,
    "test_score": lambda a: a.test_score,
}


def amount_method(agents: list[AgentMonth], rules: dict) -> tuple[list[Outcome], Decimal]:
    base_pay = _d(rules["base_pay"])
    amounts = {k: _d(v) for k, v in rules["deductions"].items()}
    counts = {
        "fatal_error": lambda a: a.fatal_errors, "low_score": lambda a: a.low_scores,
        "absence": lambda a: a.absences, "late_arrival": lambda a: a.late_arrivals,
    }
    outcomes, pool = {}, ZERO
    for a in agents:
        lines = [_line("base_pay", amount=q2(base_pay))]
        deducted = ZERO
        for key, amount in amounts.items():
            n = counts[key](a)
            if n:
                lines.append(_line(f"deduct_{key}", figure=n, weight=q2(amount), amount=q2(-amount * n)))
                deducted += amount * n
        if deducted > base_pay:
            lines.append(_line("deduction_cap", amount=q2(deducted - base_pay), note="at most the base pay"))
            deducted = base_pay
        pool += deducted
        outcomes[a.agent_id] = Outcome(a.agent_id, None if a.qa_average is None else q2(_d(a.qa_average)), "",
                                       base_pay - deducted, lines)
    for award in rules["awards"]:
        figure = FIGURES[award["figure"]]
        share = q2(pool * _d(award["share"]))
        if not share:
            continue
        ranked = sorted((figure(a) for a in agents if figure(a) is not None), reverse=True)
        if not ranked:
            continue
        cut = ranked[min(int(award["top"]), len(ranked)) - 1]
        winners = [a for a in agents if figure(a) is not None and figure(a) >= cut]
        each = q2(share / len(winners))
        for a in winners:
            outcome = outcomes[a.agent_id]
            outcome.pay += each
            outcome.lines.append(_line(f"award_{award['figure']}", figure=figure(a), weight=award["share"],
                                       amount=each, note=f"pool {q2(pool)} × {award['share']} ÷ {len(winners)}"))
    result = list(outcomes.values())
    for outcome in result:
        outcome.pay = q2(outcome.pay)
        outcome.lines.append(_line("pay", amount=outcome.pay))
    _rank(result, lambda o: o.pay)
    return result, q2(pool)

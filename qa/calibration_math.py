"""Calibration figures, pure: given the scorecard definition and each specialist's
answers, the standard per item (the expert's rating, or the median of everyone's),
each specialist's per-item deviation in points (their earned − the standard's) and an
alignment score: 100 × (1 − Σ|deviation| / Σ points of the compared items), 2 places."""

from decimal import Decimal
from statistics import median

from .scoring import HUNDRED, ScoreError, item_fraction, iter_items, q2, score


def _fractions(definition, answers) -> dict[str, Decimal | None]:
    out = {}
    for _section, item in iter_items(definition):
        try:
            out[item["key"]] = item_fraction(item, answers.get(item["key"]))
        except ScoreError:
            out[item["key"]] = None
    return out


def calibration_figures(definition: dict, scores: dict, *, expert=None) -> dict:
    """`scores`: {specialist: answers}. With `expert` (one of the keys) the expert's
    ratings are the standard, otherwise the median per item."""
    fractions = {who: _fractions(definition, answers) for who, answers in scores.items()}
    points = {item["key"]: Decimal(str(item.get("points", 0))) for _s, item in iter_items(definition)}
    standard: dict[str, Decimal | None] = {}
    for key in points:
        if expert is not None:
            standard[key] = fractions.get(expert, {}).get(key)
        else:
            rated = [f[key] for f in fractions.values() if f.get(key) is not None]
            standard[key] = Decimal(str(median(rated))) if rated else None
    totals = {}
    for who, answers in scores.items():
        try:
            totals[who] = score(definition, answers).total
        except ScoreError:
            totals[who] = None
    standard_total = totals.get(expert) if expert is not None else (
        q2(Decimal(str(median([t for t in totals.values() if t is not None]))))
        if any(t is not None for t in totals.values()) else None)
    people = {}
    for who, mine in fractions.items():
        deviations, absolute, compared = {}, Decimal(0), Decimal(0)
        for key, base in standard.items():
            if base is None or mine.get(key) is None:
                deviations[key] = None
                continue
            deviation = (mine[key] - base) * points[key]
            deviations[key] = q2(deviation)
            absolute += abs(deviation)
            compared += points[key]
        alignment = q2(HUNDRED * (1 - absolute / compared)) if compared else None
        people[who] = {
            "total": totals[who], "deviations": deviations, "alignment": alignment,
            "total_deviation": None if totals[who] is None or standard_total is None
            else q2(totals[who] - standard_total),
        }
    return {"standard": {k: None if v is None else q2(v * points[k]) for k, v in standard.items()},
            "standard_total": standard_total, "people": people}

"""Score maths of an evaluation: pure functions over a scorecard definition and the
answers, no ORM. Decimal throughout, rounded once at the end to 2 places (half up).

Definition (what a `ScorecardVersion` stores):

    {"sections": [{"key", "name", "name_en", "weight"?, "items": [
        {"key", "name", "name_en", "points", "scale": "yes_no" | "three" | "five",
         "na_allowed", "fatal", "critical", "bonus", "guide"?}]}]}

Answers: {item_key: {"value": int | "na", "note": str}}.

Rules:
- an item earns points × fraction of its rating: yes/no 1 → 1, 0 → 0; three-point
  0/1/2 → 0, ½, 1; five-point 1…5 → 0, ¼, ½, ¾, 1. The lowest rating is a failure;
- N/A (where allowed) takes the item out: its section is scored over the applicable
  maximum; a section with nothing applicable drops out and the other sections' weights
  are rescaled;
- a section's weight is its `weight`, by default the points of its base items, and the
  base score is 100 × Σ weight·(earned / applicable max) / Σ weight;
- a failed critical item scores its section 0; a failed fatal item scores the whole
  evaluation 0 (bonus included);
- bonus items add their earned points on top of the base score.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
HUNDRED = Decimal(100)
NA = "na"
SCALES = {
    "yes_no": {0: Decimal(0), 1: Decimal(1)},
    "three": {0: Decimal(0), 1: Decimal("0.5"), 2: Decimal(1)},
    "five": {1: Decimal(0), 2: Decimal("0.25"), 3: Decimal("0.5"), 4: Decimal("0.75"), 5: Decimal(1)},
}


class ScoreError(ValueError):
    """A definition or an answer that does not fit (the service turns it into a
    DomainError with the item's key)."""

    def __init__(self, message: str, item: str = ""):
        super().__init__(message)
        self.message, self.item = message, item


def q2(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass
class SectionResult:
    key: str
    earned: Decimal
    maximum: Decimal
    weight: Decimal
    percent: Decimal | None  # None: nothing applicable
    critical_failed: bool = False


@dataclass
class Result:
    total: Decimal
    base: Decimal
    bonus: Decimal
    fatal: bool
    sections: list[SectionResult] = field(default_factory=list)
    items: dict[str, Decimal | None] = field(default_factory=dict)  # earned points; None = N/A or unanswered
    failed_items: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "total": str(self.total), "base": str(self.base), "bonus": str(self.bonus), "fatal": self.fatal,
            "sections": [{"key": s.key, "earned": str(q2(s.earned)), "maximum": str(q2(s.maximum)),
                          "weight": str(s.weight), "percent": None if s.percent is None else str(s.percent),
                          "critical_failed": s.critical_failed} for s in self.sections],
            "items": {k: None if v is None else str(q2(v)) for k, v in self.items.items()},
            "failed_items": self.failed_items,
        }


def _decimal(value, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except Exception:  # noqa: BLE001 - decimal.InvalidOperation and friends
        raise ScoreError(f"{what} is not a number") from None
    if not number.is_finite() or number < 0:
        raise ScoreError(f"{what} must be a non-negative number")
    return number


def validate_definition(definition: dict) -> None:
    """Shape checks of a scorecard definition (keys unique, scales known, points ≥ 0,
    at least one base item)."""
    if not isinstance(definition, dict) or not isinstance(definition.get("sections"), list):
        raise ScoreError("a definition has a list of sections")
    keys, base_items = set(), 0
    for section in definition["sections"]:
        if not isinstance(section, dict) or not section.get("key") or not isinstance(section.get("items"), list):
            raise ScoreError("each section has a key and a list of items")
        if section["key"] in keys:
            raise ScoreError(f"key {section['key']} is used twice", section["key"])
        keys.add(section["key"])
        if "weight" in section and section["weight"] not in (None, ""):
            _decimal(section["weight"], f"weight of {section['key']}")
        for item in section["items"]:
            if not isinstance(item, dict) or not item.get("key"):
                raise ScoreError("each item has a key")
            if item["key"] in keys:
                raise ScoreError(f"key {item['key']} is used twice", item["key"])
            keys.add(item["key"])
            if item.get("scale", "yes_no") not in SCALES:
                raise ScoreError(f"unknown scale of {item['key']}", item["key"])
            _decimal(item.get("points", 0), f"points of {item['key']}")
            if item.get("bonus") and (item.get("fatal") or item.get("critical")):
                raise ScoreError(f"a bonus item cannot be fatal or critical: {item['key']}", item["key"])
            base_items += 0 if item.get("bonus") else 1
    if not base_items:
        raise ScoreError("a scorecard needs at least one item that is not a bonus")


def iter_items(definition: dict):
    for section in definition["sections"]:
        for item in section["items"]:
            yield section, item


def item_fraction(item: dict, answer) -> Decimal | None:
    """The fraction of the item's points a rating earns; None for N/A. Raises
    ScoreError for a missing or impossible rating."""
    value = answer.get("value") if isinstance(answer, dict) else answer
    if value == NA:
        if not item.get("na_allowed"):
            raise ScoreError("N/A is not allowed for this item", item["key"])
        return None
    if value is None or value == "":
        raise ScoreError("not rated yet", item["key"])
    try:
        rating = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ScoreError("not a rating", item["key"]) from None
    scale = SCALES[item.get("scale", "yes_no")]
    if rating not in scale or str(value).strip() not in {str(rating)}:
        raise ScoreError("not a rating of this scale", item["key"])
    return scale[rating]


def check_answers(definition: dict, answers: dict, *, complete: bool) -> None:
    """Unknown keys are refused; with `complete`, every item needs a rating or N/A."""
    known = {item["key"] for _, item in iter_items(definition)}
    unknown = set(answers or {}) - known
    if unknown:
        raise ScoreError(f"unknown item(s): {', '.join(sorted(unknown))}", sorted(unknown)[0])
    for _, item in iter_items(definition):
        answer = (answers or {}).get(item["key"])
        value = answer.get("value") if isinstance(answer, dict) else answer
        if value in (None, "") and not complete:
            continue
        item_fraction(item, answer)


def score(definition: dict, answers: dict) -> Result:
    """The evaluation's score. Every item must be rated (or N/A where allowed)."""
    check_answers(definition, answers, complete=True)
    result = Result(total=Decimal(0), base=Decimal(0), bonus=Decimal(0), fatal=False)
    weighted, weights = Decimal(0), Decimal(0)
    for section in definition["sections"]:
        earned, maximum, nominal, critical = Decimal(0), Decimal(0), Decimal(0), False
        for item in section["items"]:
            points = _decimal(item.get("points", 0), item["key"])
            fraction = item_fraction(item, answers.get(item["key"]))
            if item.get("bonus"):
                got = None if fraction is None else points * fraction
                result.items[item["key"]] = got
                result.bonus += got or 0
                continue
            nominal += points
            if fraction is None:
                result.items[item["key"]] = None
                continue
            got = points * fraction
            result.items[item["key"]] = got
            earned += got
            maximum += points
            if fraction == 0 and (item.get("fatal") or item.get("critical")):
                result.failed_items.append(item["key"])
                result.fatal = result.fatal or bool(item.get("fatal"))
                critical = critical or bool(item.get("critical"))
        weight = _decimal(section["weight"], "weight") if section.get("weight") not in (None, "") else nominal
        if critical:
            earned = Decimal(0)
        percent = None
        if maximum > 0:
            percent = earned / maximum
            weighted += weight * percent
            weights += weight
        result.sections.append(SectionResult(section["key"], earned, maximum, weight,
                                             None if percent is None else q2(percent * HUNDRED), critical))
    base = HUNDRED * weighted / weights if weights else Decimal(0)
    if result.fatal:
        result.base, result.bonus, result.total = Decimal("0.00"), Decimal("0.00"), Decimal("0.00")
        return result
    result.base, result.bonus = q2(base), q2(result.bonus)
    result.total = q2(base + result.bonus)
    return result

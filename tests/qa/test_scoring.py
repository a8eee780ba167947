"""Score maths as tables (no database): N/A rescaling, fatal, critical, bonus,
weights, scales and rounding to 2 places half up."""

from decimal import Decimal

import pytest

from qa.scoring import ScoreError, score, validate_definition

CARD = {"sections": [
    {"key": "etiquette", "items": [
        {"key": "greet", "points": 10, "scale": "yes_no", "na_allowed": True},
        {"key": "tone", "points": 20, "scale": "five"},
        {"key": "rude", "points": 10, "scale": "yes_no", "fatal": True},
    ]},
    {"key": "solve", "items": [
        {"key": "verify", "points": 20, "scale": "yes_no", "critical": True},
        {"key": "answer", "points": 40, "scale": "three", "na_allowed": True},
    ]},
    {"key": "extra", "items": [{"key": "praise", "points": 5, "scale": "yes_no", "bonus": True, "na_allowed": True}]},
]}
ALL_GOOD = {"greet": 1, "tone": 5, "rude": 1, "verify": 1, "answer": 2, "praise": 0}


def answers(**changes):
    return {k: {"value": v, "note": ""} for k, v in {**ALL_GOOD, **changes}.items()}


@pytest.mark.parametrize(("changes", "total", "base", "bonus", "fatal"), [
    ({}, "100.00", "100.00", "0.00", False),
    ({"tone": 4}, "95.00", "95.00", "0.00", False),                    # 20 × ¾ = 15 → 95
    ({"answer": 1}, "80.00", "80.00", "0.00", False),                  # 40 × ½
    ({"praise": 1}, "105.00", "100.00", "5.00", False),                # bonus above the base
    ({"greet": "na", "tone": 3}, "86.67", "86.67", "0.00", False),     # etiquette 20/30 ×40 + 60 → 86.666…
    ({"greet": "na"}, "100.00", "100.00", "0.00", False),
    ({"answer": "na", "tone": 1}, "80.00", "80.00", "0.00", False),    # solve 20/20 (weight 60) + etiquette 20/40 × 40
    ({"verify": 0}, "40.00", "40.00", "0.00", False),                  # critical: the section is 0
    ({"verify": 0, "praise": 1}, "45.00", "40.00", "5.00", False),
    ({"rude": 0, "praise": 1}, "0.00", "0.00", "0.00", True),          # fatal: all 0, bonus included
    ({"tone": 2, "answer": 1, "greet": 0}, "55.00", "55.00", "0.00", False),
])
def test_score_table(changes, total, base, bonus, fatal):
    result = score(CARD, answers(**changes))
    assert (str(result.total), str(result.base), str(result.bonus), result.fatal) == (total, base, bonus, fatal)


def test_weights_override_points_and_rescale_when_a_section_drops_out():
    card = {"sections": [
        {"key": "a", "weight": "30", "items": [{"key": "a1", "points": 1, "scale": "five", "na_allowed": True}]},
        {"key": "b", "weight": "70", "items": [{"key": "b1", "points": 1, "scale": "three"}]},
    ]}
    assert score(card, {"a1": {"value": 4}, "b1": {"value": 1}}).total == Decimal("57.50")  # 30×¾ + 70×½
    assert score(card, {"a1": {"value": "na"}, "b1": {"value": 1}}).total == Decimal("50.00")  # only b counts


def test_rounding_half_up_once_at_the_end():
    card = {"sections": [{"key": "s", "items": [
        {"key": "x", "points": 3, "scale": "yes_no"}, {"key": "y", "points": 3, "scale": "yes_no"},
        {"key": "z", "points": 2, "scale": "yes_no"}]}]}
    assert score(card, {"x": 1, "y": 0, "z": 0}).total == Decimal("37.50")
    assert score(card, {"x": 1, "y": 1, "z": 0}).total == Decimal("75.00")
    third = {"sections": [{"key": "s", "items": [{"key": k, "points": 1} for k in "abc"]}]}
    assert score(third, {"a": 1, "b": 1, "c": 0}).total == Decimal("66.67")
    assert score(third, {"a": 1, "b": 0, "c": 0}).total == Decimal("33.33")


@pytest.mark.parametrize(("changes", "item"), [
    ({"tone": None}, "tone"),          # unanswered
    ({"tone": 0}, "tone"),             # not on a five-point scale
    ({"rude": "na"}, "rude"),          # N/A not allowed
    ({"answer": 3}, "answer"),
    ({"greet": "yes"}, "greet"),
])
def test_bad_answers(changes, item):
    with pytest.raises(ScoreError) as caught:
        score(CARD, answers(**changes))
    assert caught.value.item == item


def test_unknown_item_is_refused():
    with pytest.raises(ScoreError):
        score(CARD, {**answers(), "nope": {"value": 1}})


@pytest.mark.parametrize("definition", [
    {},
    {"sections": [{"key": "s", "items": [{"key": "b", "points": 1, "bonus": True}]}]},
    {"sections": [{"key": "s", "items": [{"key": "s", "points": 1}]}]},
    {"sections": [{"key": "s", "items": [{"key": "a", "points": -1}]}]},
    {"sections": [{"key": "s", "items": [{"key": "a", "points": 1, "scale": "ten"}]}]},
    {"sections": [{"key": "s", "items": [{"key": "a", "points": 1, "bonus": True, "fatal": True}]}]},
])
def test_bad_definitions(definition):
    with pytest.raises(ScoreError):
        validate_definition(definition)

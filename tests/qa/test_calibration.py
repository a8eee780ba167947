"""Calibration: blind while open, figures against the expert or the median, never
counted in the agent's month."""

from decimal import Decimal

import pytest

from qa.calibration_math import calibration_figures
from qa.selectors import agent_month_qa, calibration_scores_visible, evaluation_scope
from qa.services.calibration import calibration_close, calibration_create, calibration_results, calibration_score
from slacenter.errors import DomainError
from tests.factories import make_staff
from tickets.models import Role

from .conftest import NOW, PERFECT, VOICE_CARD

CARD = {"sections": [{"key": "s", "items": [
    {"key": "a", "points": 10, "scale": "yes_no"}, {"key": "b", "points": 20, "scale": "five"},
    {"key": "c", "points": 10, "scale": "three", "na_allowed": True}]}]}


def test_figures_against_the_median():
    scores = {"x": {"a": 1, "b": 5, "c": 2}, "y": {"a": 1, "b": 3, "c": 2}, "z": {"a": 0, "b": 4, "c": 1}}
    figures = calibration_figures(CARD, scores)
    # Median fractions: a 1, b 0.75, c 1 → standard points 10, 15, 10.
    assert figures["standard"] == {"a": Decimal("10.00"), "b": Decimal("15.00"), "c": Decimal("10.00")}
    assert figures["people"]["x"]["deviations"] == {"a": Decimal("0.00"), "b": Decimal("5.00"), "c": Decimal("0.00")}
    assert figures["people"]["x"]["alignment"] == Decimal("87.50")   # 1 − 5/40
    assert figures["people"]["z"]["alignment"] == Decimal("62.50")   # 1 − (10 + 0 + 5)/40
    assert figures["people"]["y"]["total"] == Decimal("75.00")
    assert figures["standard_total"] == Decimal("75.00")            # median of 100, 75, 62.5
    assert figures["people"]["x"]["total_deviation"] == Decimal("25.00")


def test_figures_against_the_expert_skip_na():
    scores = {"e": {"a": 1, "b": 5, "c": "na"}, "x": {"a": 0, "b": 5, "c": 2}}
    figures = calibration_figures(CARD, scores, expert="e")
    assert figures["people"]["x"]["deviations"]["c"] is None
    assert figures["people"]["x"]["alignment"] == Decimal("66.67")  # 1 − 10/30
    assert figures["people"]["e"]["alignment"] == Decimal("100.00")


def test_session_is_blind_and_never_counts(voice_card, qa_user, qa_user2, manager, call, center):
    outsider = make_staff(Role.QA_SPECIALIST, center, username="qa3")
    session = calibration_create(actor=manager, title="11月校准", contact=call, participants=[qa_user, qa_user2],
                                 standard="expert", expert=qa_user, now=NOW)
    calibration_score(actor=qa_user, session=session, answers=PERFECT, now=NOW)
    with pytest.raises(DomainError):
        calibration_score(actor=outsider, session=session, answers=PERFECT, now=NOW)
    with pytest.raises(DomainError):
        calibration_close(actor=manager, session=session, now=NOW)   # only one score so far
    calibration_score(actor=qa_user2, session=session, answers={**PERFECT, "tone": 3}, now=NOW)
    assert [e.evaluator for e in calibration_scores_visible(qa_user2, session)] == [qa_user2]
    calibration_close(actor=manager, session=session, now=NOW)
    session.refresh_from_db()
    assert calibration_scores_visible(qa_user2, session).count() == 2
    results = calibration_results(session)
    assert results["people"][qa_user2.pk]["deviations"]["tone"] == Decimal("-10.00")
    assert results["people"][qa_user2.pk]["total_deviation"] == Decimal("-10.00")
    assert not evaluation_scope(manager).exists()
    assert agent_month_qa(NOW.date()) == {}
    assert VOICE_CARD["sections"][0]["items"][1]["key"] == "tone"

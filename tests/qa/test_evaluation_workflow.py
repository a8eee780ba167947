"""The evaluation workflow: every move from every status, who may make it, the
dispute window, the review keeping the old score, and visibility."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404

from qa.models import Evaluation, EvaluationStatus
from qa.selectors import evaluation_get, evaluation_scope
from qa.services.evaluations import (
    evaluation_create,
    evaluation_save_draft,
    evaluation_transition,
    evaluations_expire,
)
from qa.workflow import TABLE
from slacenter.errors import Conflict, DomainError
from tests.factories import DepartmentFactory, make_staff
from tickets.models import Department, Role

from .conftest import NOW, PERFECT

S = EvaluationStatus


def submitted(qa_user, call, answers=None):
    evaluation = evaluation_create(actor=qa_user, contact=call, now=NOW)
    evaluation_save_draft(actor=qa_user, evaluation=evaluation, answers=answers or PERFECT, now=NOW)
    return evaluation_transition(actor=qa_user, evaluation=evaluation, action="submit", now=NOW)


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", [t.action for t in TABLE.transitions])
def test_every_move_from_every_status(status, action, voice_card, qa_user, call):
    evaluation = evaluation_create(actor=qa_user, contact=call, now=NOW)
    evaluation_save_draft(actor=qa_user, evaluation=evaluation, answers=PERFECT, now=NOW)
    due = NOW - timedelta(days=1) if action == "expire" else NOW + timedelta(days=1)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=status, dispute_due_at=due)
    move = TABLE.get(action)
    legal = status in move.sources
    kwargs = {"reason": "理由"}
    if action == "change":
        kwargs["answers"] = {**PERFECT, "tone": 3}
    if legal:
        result = evaluation_transition(actor=None, evaluation=evaluation, action=action, now=NOW, system=True,
                                       **kwargs)
        assert result.status == move.target
        assert result.events.last().action == action
    else:
        with pytest.raises(Conflict):
            evaluation_transition(actor=None, evaluation=evaluation, action=action, now=NOW, system=True, **kwargs)
        assert Evaluation.objects.get(pk=evaluation.pk).status == status


def test_fatal_dispute_and_review_changes_the_score(voice_card, qa_user, qa_user2, agent, lead, call):
    evaluation = submitted(qa_user, call, {**PERFECT, "rude": 0})
    assert (evaluation.score, evaluation.fatal) == (Decimal("0.00"), True)
    assert evaluation.dispute_due_at == NOW + timedelta(days=3)
    with pytest.raises(DomainError) as caught:
        evaluation_transition(actor=qa_user, evaluation=evaluation, action="dispute", reason="x", now=NOW)
    assert caught.value.status == 403
    with pytest.raises(DomainError):  # a reason is required
        evaluation_transition(actor=agent, evaluation=evaluation, action="dispute", reason=" ", now=NOW)
    evaluation_transition(actor=agent, evaluation=evaluation, action="dispute", reason="录音里我没有辱骂", now=NOW)
    with pytest.raises(DomainError) as caught:  # the evaluator cannot review their own scoring
        evaluation_transition(actor=qa_user, evaluation=evaluation, action="uphold", reason="ok", now=NOW)
    assert caught.value.status == 403
    changed = evaluation_transition(actor=lead, evaluation=evaluation, action="change", reason="复听确认无辱骂",
                                    answers=PERFECT, now=NOW)
    assert changed.status == S.REVIEWED and changed.score == Decimal("100.00") and not changed.fatal
    assert changed.original_score == Decimal("0.00") and changed.reviewer == lead
    assert changed.review_outcome == "changed"
    final = evaluation_transition(actor=agent, evaluation=changed, action="finalize", now=NOW)
    assert final.status == S.FINAL


def test_dispute_window_closes_and_expiry_finalizes(voice_card, qa_user, agent, call):
    evaluation = submitted(qa_user, call)
    later = NOW + timedelta(days=3, seconds=1)
    with pytest.raises(Conflict):
        evaluation_transition(actor=agent, evaluation=evaluation, action="dispute", reason="晚了", now=later)
    assert evaluations_expire(now=NOW) == 0
    assert evaluations_expire(now=later) == 1
    assert evaluations_expire(now=later) == 0
    assert Evaluation.objects.get(pk=evaluation.pk).status == S.FINAL


def test_submit_needs_every_item(voice_card, qa_user, call):
    evaluation = evaluation_create(actor=qa_user, contact=call, now=NOW)
    evaluation_save_draft(actor=qa_user, evaluation=evaluation, answers={"tone": 4}, now=NOW)
    with pytest.raises(DomainError) as caught:
        evaluation_transition(actor=qa_user, evaluation=evaluation, action="submit", now=NOW)
    assert caught.value.extra["item"] == "greeting"
    assert Evaluation.objects.get(pk=evaluation.pk).status == S.DRAFT


def test_visibility(voice_card, qa_user, agent, other_agent, lead, manager, logistics_staff, call):
    from .conftest import make_call

    mine = submitted(qa_user, call)
    theirs = submitted(qa_user, make_call(other_agent, 2))
    draft = evaluation_create(actor=qa_user, contact=make_call(agent, 3), now=NOW)
    assert set(evaluation_scope(agent)) == {mine}  # not the other agent's, not a draft
    with pytest.raises(Http404):
        evaluation_get(agent, theirs.pk)
    assert set(evaluation_scope(manager)) == {mine, theirs, draft}
    assert set(evaluation_scope(lead)) == {mine, theirs, draft}
    other_team = DepartmentFactory(code="sc-b", kind=Department.Kind.SERVICE_CENTER)
    other_lead = make_staff(Role.TEAM_LEAD, other_team, username="lead_b")
    assert not evaluation_scope(other_lead).exists()
    assert not evaluation_scope(logistics_staff).exists()
    with pytest.raises(DomainError):
        evaluation_transition(actor=other_lead, evaluation=Evaluation.objects.get(pk=mine.pk), action="uphold",
                              reason="x", now=NOW)

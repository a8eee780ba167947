"""Calibration sessions: created by QA managers with participants, scored blind by
each participant (an evaluation flagged by its session: never counted), closed to
reveal the figures."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError

from ..calibration_math import calibration_figures
from ..models import CalibrationSession, Evaluation
from ..models.scorecards import CONTACT_KIND_TO_CHANNEL
from ..permissions import can_evaluate, can_manage_qa
from ..scoring import ScoreError, score
from .common import forbidden, local_month
from .evaluations import _clean_answers, _score_error
from .scorecards import scorecard_for


@transaction.atomic
def calibration_create(*, actor, title: str, contact, participants, standard: str = "median", expert=None,
                       now=None) -> CalibrationSession:
    now = now or timezone.now()
    if not can_manage_qa(actor):
        raise forbidden(_("Only QA specialists and managers run calibration."))
    participants = list(participants)
    if len(participants) < 2:
        raise DomainError(_("A calibration needs at least two participants."), field="participants")
    if any(not can_evaluate(p) for p in participants):
        raise DomainError(_("Participants must be QA specialists."), field="participants")
    if standard == CalibrationSession.Standard.EXPERT and (expert is None or expert not in participants):
        raise DomainError(_("The expert must be one of the participants."), field="expert")
    if contact.agent_id is None or contact.answered_at is None:
        raise DomainError(_("Only an answered contact with an agent can be evaluated."), code="not_evaluable")
    session = CalibrationSession.objects.create(
        title=title, contact=contact, scorecard_version=scorecard_for(CONTACT_KIND_TO_CHANNEL[contact.kind]),
        standard=standard, expert=expert if standard == CalibrationSession.Standard.EXPERT else None,
        created_by=actor, created_at=now)
    session.participants.set(participants)
    return session


@transaction.atomic
def calibration_score(*, actor, session: CalibrationSession, answers: dict, now=None) -> Evaluation:
    now = now or timezone.now()
    session = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    if not session.participants.filter(pk=actor.pk).exists():
        raise forbidden(_("Only the session's participants score it."))
    if session.status != CalibrationSession.Status.OPEN:
        raise Conflict(_("The calibration session is closed."), code="closed")
    answers = _clean_answers(answers)
    try:
        result = score(session.scorecard_version.definition, answers)
    except ScoreError as exc:
        raise _score_error(exc) from None
    evaluation, _created = Evaluation.objects.update_or_create(
        calibration=session, evaluator=actor,
        defaults={"contact": session.contact, "agent_id": session.contact.agent_id,
                  "scorecard_version": session.scorecard_version, "month": local_month(session.contact.offered_at),
                  "answers": answers, "score": result.total, "base_score": result.base, "bonus": result.bonus,
                  "fatal": result.fatal, "breakdown": result.as_dict(), "updated_at": now, "created_at": now})
    return evaluation


@transaction.atomic
def calibration_close(*, actor, session: CalibrationSession, now=None) -> CalibrationSession:
    now = now or timezone.now()
    if not can_manage_qa(actor):
        raise forbidden(_("Only QA specialists and managers run calibration."))
    session = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    if session.status != CalibrationSession.Status.OPEN:
        raise Conflict(_("The calibration session is closed."), code="closed")
    if session.evaluations.count() < 2:
        raise DomainError(_("At least two participants must have scored before closing."), code="too_few_scores")
    if session.expert_id and not session.evaluations.filter(evaluator_id=session.expert_id).exists():
        raise DomainError(_("The expert has not scored yet."), code="expert_missing")
    session.status, session.closed_at = CalibrationSession.Status.CLOSED, now
    session.save(update_fields=["status", "closed_at"])
    return session


def calibration_results(session: CalibrationSession) -> dict:
    """Figures of a session: keyed by evaluator id."""
    scores = {e.evaluator_id: e.answers for e in session.evaluations.all()}
    return calibration_figures(session.scorecard_version.definition, scores, expert=session.expert_id)

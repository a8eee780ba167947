"""Evaluations: create a draft for a contact, score it, move it through the table in
`qa.workflow` (the only writer of `Evaluation.status`), and finalize those whose
dispute window is over."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.workflow import transition_apply

from ..models import Evaluation, EvaluationEvent, EvaluationStatus, Sample
from ..models.scorecards import CONTACT_KIND_TO_CHANNEL
from ..permissions import can_evaluate, can_manage_qa, can_review, is_lead, leads_agent, sees_all_qa
from ..policy import policy_rules
from ..scoring import ScoreError, check_answers, score
from ..workflow import TABLE
from .common import forbidden, local_month
from .scorecards import scorecard_for


def _event(evaluation, action, actor, now, old="", new="", reason="", data=None):
    return EvaluationEvent.objects.create(evaluation=evaluation, action=action, actor=actor, at=now,
                                          old_status=old, new_status=new, reason=reason, data=data or {})


def _clean_answers(answers) -> dict:
    if not isinstance(answers, dict):
        raise DomainError(_("Answers must be an object of item → rating."), field="answers")
    out = {}
    for key, answer in answers.items():
        if not isinstance(answer, dict):
            answer = {"value": answer}
        note = str(answer.get("note") or "")[:1000]
        out[str(key)] = {"value": answer.get("value"), "note": note}
    return out


def _score_error(exc: ScoreError):
    return DomainError(_("Item “%(item)s”: %(reason)s") % {"item": exc.item, "reason": exc.message},
                       code="invalid_answers", field="answers", item=exc.item)


@transaction.atomic
def evaluation_create(*, actor, contact, sample: Sample | None = None, now=None) -> Evaluation:
    now = now or timezone.now()
    if not can_evaluate(actor):
        raise forbidden(_("Only QA specialists score contacts."))
    if contact.agent_id is None or contact.answered_at is None:
        raise DomainError(_("Only an answered contact with an agent can be evaluated."), code="not_evaluable")
    if sample is not None:
        sample = Sample.objects.select_for_update().get(pk=sample.pk)
        if sample.contact_id != contact.pk:
            raise DomainError(_("This sample is for another contact."))
        if Evaluation.objects.filter(sample=sample).exists():
            raise DomainError(_("This sample is already being evaluated."), code="already_evaluated", status=409)
    version = scorecard_for(CONTACT_KIND_TO_CHANNEL[contact.kind])
    evaluation = Evaluation.objects.create(
        contact=contact, agent_id=contact.agent_id, evaluator=actor, scorecard_version=version, sample=sample,
        month=local_month(contact.offered_at), created_at=now, updated_at=now)
    _event(evaluation, "create", actor, now, new=EvaluationStatus.DRAFT)
    return evaluation


def _apply_score(evaluation: Evaluation, answers: dict) -> None:
    try:
        result = score(evaluation.scorecard_version.definition, answers)
    except ScoreError as exc:
        raise _score_error(exc) from None
    evaluation.answers = answers
    evaluation.score, evaluation.base_score, evaluation.bonus = result.total, result.base, result.bonus
    evaluation.fatal = result.fatal
    evaluation.breakdown = result.as_dict()


@transaction.atomic
def evaluation_save_draft(*, actor, evaluation: Evaluation, answers: dict, comment: str = "",
                          now=None) -> Evaluation:
    """Store (partial) answers of a draft; a complete set is scored right away."""
    now = now or timezone.now()
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.evaluator_id != actor.pk:
        raise forbidden(_("Only the evaluator edits a draft."))
    if evaluation.status != EvaluationStatus.DRAFT:
        raise DomainError(_("Only a draft can be edited."), code="not_draft", status=409)
    answers = _clean_answers(answers)
    try:
        check_answers(evaluation.scorecard_version.definition, answers, complete=False)
    except ScoreError as exc:
        raise _score_error(exc) from None
    evaluation.answers, evaluation.comment = answers, comment or ""
    try:
        _apply_score(evaluation, answers)
    except DomainError:
        evaluation.score = evaluation.base_score = evaluation.bonus = None
        evaluation.fatal, evaluation.breakdown = False, {}
    evaluation.updated_at = now
    evaluation.save()
    return evaluation


def _may(actor, evaluation: Evaluation, action: str) -> None:
    if action == "submit":
        if evaluation.evaluator_id != actor.pk:
            raise forbidden(_("Only the evaluator submits an evaluation."))
    elif action in ("acknowledge", "dispute"):
        if evaluation.agent_id != actor.pk:
            raise forbidden(_("Only the evaluated agent acknowledges or disputes."))
    elif action in ("uphold", "change"):
        if not can_review(actor) or actor.pk in (evaluation.evaluator_id, evaluation.agent_id):
            raise forbidden(_("A dispute is reviewed by a lead or a second QA specialist."))
        if is_lead(actor) and not leads_agent(actor, evaluation.agent):
            raise forbidden(_("Leads review their own team's disputes."))
    elif action == "finalize":
        if not (sees_all_qa(actor) or can_manage_qa(actor) or evaluation.agent_id == actor.pk
                or (is_lead(actor) and leads_agent(actor, evaluation.agent))):
            raise forbidden()


@transaction.atomic
def evaluation_transition(*, actor, evaluation: Evaluation, action: str, reason: str = "",
                          answers: dict | None = None, now=None, system: bool = False) -> Evaluation:
    """The only way an evaluation's status changes. `change` takes the reviewer's
    `answers` and rescores; the score before the review is kept."""
    now = now or timezone.now()
    if not system:
        _may(actor, evaluation, action)
    rules = policy_rules()
    changes: dict = {}
    data: dict = {}

    def before(locked, move):
        if action == "submit":
            _apply_score(locked, _clean_answers(locked.answers))
            changes.update(score=locked.score, base_score=locked.base_score, bonus=locked.bonus, fatal=locked.fatal,
                           breakdown=locked.breakdown, answers=locked.answers,
                           dispute_due_at=now + timedelta(days=int(rules["dispute_days"])))
        elif action == "dispute":
            if locked.dispute_due_at and now > locked.dispute_due_at:
                raise Conflict(_("The dispute window closed on %(at)s.") % {"at": locked.dispute_due_at},
                               code="dispute_window_closed")
            changes["dispute_reason"] = reason.strip()
        elif action in ("uphold", "change"):
            changes.update(reviewer=actor, review_reason=reason.strip(), original_score=locked.score,
                           review_outcome=Evaluation.ReviewOutcome.UPHELD if action == "uphold"
                           else Evaluation.ReviewOutcome.CHANGED)
            if action == "change":
                if answers is None:
                    raise DomainError(_("Changing the score needs the new ratings."), field="answers")
                _apply_score(locked, _clean_answers(answers))
                if locked.score == changes["original_score"]:
                    raise DomainError(_("The new ratings give the same score; uphold it instead."),
                                      code="unchanged")
                changes.update(score=locked.score, base_score=locked.base_score, bonus=locked.bonus,
                               fatal=locked.fatal, breakdown=locked.breakdown, answers=locked.answers)
                data.update(old_score=str(changes["original_score"]), new_score=str(locked.score))
        elif action == "expire" and locked.dispute_due_at and now < locked.dispute_due_at:
            raise Conflict(_("The dispute window is still open."), code="too_early")

    evaluation, move, old = transition_apply(instance=evaluation, table=TABLE, action=action, reason=reason,
                                             now=now, system=system, changes=changes, before=before)
    _event(evaluation, action, None if system else actor, now, old=old, new=move.target, reason=reason, data=data)
    return evaluation


def evaluations_expire(*, now=None) -> int:
    """Finalize submitted evaluations whose dispute window is over (beat, daily).
    Idempotent: a second run finds nothing."""
    now = now or timezone.now()
    done = 0
    due = Evaluation.objects.filter(status=EvaluationStatus.SUBMITTED, dispute_due_at__lt=now).values_list(
        "pk", flat=True)
    for pk in list(due[:5000]):
        try:
            evaluation_transition(actor=None, evaluation=Evaluation(pk=pk), action="expire", now=now, system=True)
        except DomainError:
            continue
        done += 1
    return done


"""Reads and visibility of QA. Every list, detail, export and API route starts here;
anything outside the user's scope is a 404.

- QA specialists, service managers, admins: every evaluation;
- team leads: their team's (agents of their department);
- agents: their own, once submitted (never drafts);
- anyone else: nothing.
Calibration evaluations are not in `evaluation_scope`: they never count and are read
through `calibration_*` (blind while the session is open)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from tickets.models.org import Role
from tickets.permissions import department_of, is_admin, is_service_staff

from .models import (
    AgentPerformance,
    CalibrationSession,
    Evaluation,
    EvaluationStatus,
    ExemptStar,
    PerformanceMonth,
    Praise,
    Sample,
    SamplingPlan,
    Scorecard,
)
from .models.evaluations import COUNTED_STATUSES
from .permissions import can_manage_qa, is_agent, is_lead, sees_all_qa


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def agents_queryset():
    """Every active agent of the service center."""
    return get_user_model().objects.filter(is_active=True, profile__role=Role.AGENT).order_by("username")


def team_agents(user):
    """The agents a user may see the QA figures of."""
    if sees_all_qa(user):
        return agents_queryset()
    if is_lead(user):
        department = department_of(user)
        return agents_queryset().filter(profile__department=department)
    if is_agent(user):
        return agents_queryset().filter(pk=user.pk)
    return agents_queryset().none()


def _agent_filter(user, field: str = "agent") -> Q | None:
    """None: everything; Q: the rows of the user's agents; Q(pk__in=[]): nothing."""
    if sees_all_qa(user):
        return None
    if is_lead(user):
        return Q(**{f"{field}__profile__department": department_of(user)})
    if is_agent(user):
        return Q(**{field: user})
    return Q(pk__in=[])


def evaluation_scope(user) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.filter(calibration__isnull=True)
    if not user or not user.is_authenticated:
        return qs.none()
    condition = _agent_filter(user)
    if condition is not None:
        qs = qs.filter(condition)
    if is_agent(user):
        qs = qs.exclude(status=EvaluationStatus.DRAFT)
    return qs


def evaluation_list(user) -> QuerySet[Evaluation]:
    return evaluation_scope(user).select_related(
        "agent", "evaluator", "reviewer", "contact", "scorecard_version", "scorecard_version__scorecard")


def evaluation_get(user, pk) -> Evaluation:
    return get_object_or_404(evaluation_list(user), pk=pk)


def evaluation_events(evaluation: Evaluation):
    return evaluation.events.select_related("actor").order_by("at", "id")


def disputes_queue(user) -> QuerySet[Evaluation]:
    """Disputed evaluations the user may review (not their own scoring)."""
    return evaluation_list(user).filter(status=EvaluationStatus.DISPUTED).exclude(evaluator=user).order_by(
        "disputed_at", "id")


def counted_evaluations(month: date) -> QuerySet[Evaluation]:
    """The evaluations that count in agents' month (no drafts, no calibration).
    Unscoped: for the monthly computation and the exempt-star rule only."""
    return Evaluation.objects.filter(month=first_of_month(month), calibration__isnull=True,
                                     status__in=COUNTED_STATUSES)


def agent_month_qa(month: date) -> dict[int, dict]:
    rows = counted_evaluations(month).values("agent_id").annotate(
        average=Avg("score"), count=Count("id"), fatal=Count("id", filter=Q(fatal=True)))
    return {row["agent_id"]: row for row in rows}


def _center_staff(user) -> bool:
    return bool(user and user.is_authenticated and (is_service_staff(user) or is_admin(user)))


def scorecard_list(user) -> QuerySet[Scorecard]:
    if not _center_staff(user):
        return Scorecard.objects.none()
    return Scorecard.objects.prefetch_related("versions")


def scorecard_get(user, pk) -> Scorecard:
    return get_object_or_404(scorecard_list(user), pk=pk)


def plan_list(user) -> QuerySet[SamplingPlan]:
    if not can_manage_qa(user):
        return SamplingPlan.objects.none()
    return SamplingPlan.objects.all()


def plan_get(user, pk) -> SamplingPlan:
    return get_object_or_404(plan_list(user), pk=pk)


def sample_list(user) -> QuerySet[Sample]:
    """QA staff see every sample; nobody else sees the plan (an agent must not know
    which of their contacts were drawn)."""
    if not can_manage_qa(user):
        return Sample.objects.none()
    return Sample.objects.select_related("agent", "assignee", "contact", "plan", "evaluation")


def star_board(user, month: date) -> QuerySet[ExemptStar]:
    """The exempt-star board is public to the center's staff."""
    if not _center_staff(user):
        return ExemptStar.objects.none()
    return ExemptStar.objects.filter(month=first_of_month(month)).select_related("agent").order_by("-average")


def praise_list(user) -> QuerySet[Praise]:
    qs = Praise.objects.select_related("agent", "recorded_by", "ticket")
    condition = _agent_filter(user)
    return qs if condition is None else qs.filter(condition)


def calibration_list(user) -> QuerySet[CalibrationSession]:
    if can_manage_qa(user):
        return CalibrationSession.objects.all()
    return CalibrationSession.objects.filter(participants=user)


def calibration_get(user, pk) -> CalibrationSession:
    return get_object_or_404(calibration_list(user).select_related("contact", "scorecard_version", "expert"), pk=pk)


def calibration_scores_visible(user, session: CalibrationSession) -> QuerySet[Evaluation]:
    """Blind: while open, a participant sees only their own score; the session's
    owner and QA managers see all once it is closed."""
    qs = session.evaluations.select_related("evaluator")
    if session.status == CalibrationSession.Status.OPEN:
        return qs.filter(evaluator=user)
    return qs


def performance_month_get(month: date) -> PerformanceMonth | None:
    return PerformanceMonth.objects.filter(month=first_of_month(month)).first()


def performance_rows(user, month: date) -> QuerySet[AgentPerformance]:
    qs = AgentPerformance.objects.filter(performance_month__month=first_of_month(month)).select_related(
        "agent", "performance_month")
    condition = _agent_filter(user)
    return qs if condition is None else qs.filter(condition)



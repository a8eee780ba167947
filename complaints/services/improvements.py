"""Improvement actions: proposed by the service center to a department, accepted or
rejected (with a reason) by its head, done, then verified by the service center with
the category's complaint counts over the same span before and after the work.
`improvements_escalate` notifies the service managers and the head of each overdue
action once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from slacenter.workflow import transition_apply
from tickets.models.org import Role
from tickets.permissions import department_of, is_admin, role_of

from ..models import ImprovementAction, ImprovementStatus
from ..permissions import can_lead
from ..selectors_improvements import improvement_counts
from ..workflow_improvements import IMPROVEMENT
from .common import users_with_role

OPEN = (ImprovementStatus.PROPOSED, ImprovementStatus.ACCEPTED)


def _notify(*, recipients, key, subject, action, now, urgent=True) -> None:
    """Like `common.notify`, linking to the improvement action's page."""
    from django.urls import reverse

    from tickets.services.notifications import notification_send

    url = reverse("complaints:improvement", args=[action.pk])
    for user in {u.pk: u for u in recipients if u is not None}.values():
        notification_send(recipient=user, key=f"{key}:{user.pk}", subject=subject, url=url, urgent=urgent, now=now)


def improvement_transition(*, action: ImprovementAction, move: str, reason: str = "", now, changes=None):
    action, _move, _old = transition_apply(instance=action, table=IMPROVEMENT, action=move, reason=reason, now=now,
                                           changes=changes)
    return action


def _require_center(actor):
    if not can_lead(actor):
        raise DomainError(_("Only team leads and managers propose and verify improvements."), code="forbidden",
                          status=403)


def _require_department(actor, action):
    if not (is_admin(actor) or (role_of(actor) in (Role.DEPT_HEAD, Role.DEPT_STAFF)
                                and department_of(actor) == action.department)):
        raise DomainError(_("Only the department answers its improvement actions."), code="forbidden", status=403)


@transaction.atomic
def improvement_propose(*, actor, department, suggestion: str, due_at, category=None, root_cause=None,
                        now=None) -> ImprovementAction:
    _require_center(actor)
    now = now or timezone.now()
    suggestion = (suggestion or "").strip()
    if not suggestion:
        raise DomainError(_("The suggestion is required."), field="suggestion")
    if due_at is None or due_at <= now:
        raise DomainError(_("The due date must be in the future."), field="due_at")
    action = ImprovementAction.objects.create(department=department, suggestion=suggestion, due_at=due_at,
                                              category=category, root_cause=root_cause, proposed_by=actor,
                                              created_at=now, updated_at=now)
    _notify(recipients=[department.head], key=f"improvement:{action.pk}", action=action, now=now, urgent=False,
            subject=_("Improvement suggested: %(text)s") % {"text": suggestion[:60]})
    return action


@transaction.atomic
def improvement_answer(*, actor, action: ImprovementAction, accept: bool, reason: str = "",
                       now=None) -> ImprovementAction:
    _require_department(actor, action)
    now = now or timezone.now()
    if accept:
        return improvement_transition(action=action, move="accept", now=now)
    return improvement_transition(action=action, move="reject", reason=reason, now=now,
                                  changes={"reject_reason": (reason or "").strip()})


@transaction.atomic
def improvement_complete(*, actor, action: ImprovementAction, now=None) -> ImprovementAction:
    _require_department(actor, action)
    return improvement_transition(action=action, move="complete", now=now or timezone.now())


@transaction.atomic
def improvement_verify(*, actor, action: ImprovementAction, now=None) -> ImprovementAction:
    """Verified with the counts of the same span before the proposal and after completion."""
    _require_center(actor)
    now = now or timezone.now()
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if action.done_at is None:
        return improvement_transition(action=action, move="verify", now=now)  # refused by the table
    before, after = improvement_counts(action, now)
    return improvement_transition(action=action, move="verify", now=now,
                                  changes={"count_before": before, "count_after": after})


def improvements_escalate(*, now=None) -> int:
    """Overdue open actions: the managers and the department head notified, once each."""
    now = now or timezone.now()
    managers = list(users_with_role(Role.SERVICE_MANAGER))
    done = 0
    for action in ImprovementAction.objects.filter(status__in=OPEN, due_at__lte=now, escalated_at__isnull=True
                                                   ).select_related("department__head"):
        with transaction.atomic():
            if not ImprovementAction.objects.filter(pk=action.pk, escalated_at__isnull=True).update(
                    escalated_at=now, updated_at=now):
                continue
            _notify(recipients=[*managers, action.department.head], key=f"improvement-overdue:{action.pk}",
                    action=action, now=now,
                    subject=_("Improvement overdue: %(text)s") % {"text": action.suggestion[:60]})
            done += 1
    return done

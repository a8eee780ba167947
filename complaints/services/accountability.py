"""Root cause and accountability: the finding recorded at closing (root cause,
responsible department and person), the head's confirmation or dispute within the
deadline, the service manager's decision on a dispute, and the lapse of unanswered
findings (the finding stands). Confirmed and upheld findings are what reports'
penalties read (`complaints.selectors_accountability.confirmed_findings`)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from slacenter.workflow import transition_apply
from tickets.models.org import Role
from tickets.permissions import department_of

from ..models import Complaint, ComplaintFinding, FindingStatus, RootCause
from ..permissions import can_answer_finding, can_decide_finding
from ..workflow_accountability import FINDING
from . import events
from .common import require_handler

# Calendar days the department has to answer (a plain deadline, not an SLA clock).
ANSWER_DAYS = 3


def finding_transition(*, finding: ComplaintFinding, action: str, reason: str = "", now, system=False,
                       changes=None) -> ComplaintFinding:
    finding, _move, _old = transition_apply(instance=finding, table=FINDING, action=action, reason=reason, now=now,
                                            system=system, changes=changes)
    return finding


@transaction.atomic
def finding_record(*, actor, complaint: Complaint, root_cause: RootCause, responsible_department,
                   responsible_person=None, note: str = "", now=None) -> ComplaintFinding:
    """Record (or correct, while the department has not answered) the complaint's root
    cause and responsibility; the department's head is asked to answer."""
    require_handler(actor)
    now = now or timezone.now()
    if root_cause is None or not root_cause.is_active:
        raise DomainError(_("Choose an active root cause."), field="root_cause")
    if responsible_department is None:
        raise DomainError(_("The responsible department is required."), field="responsible_department")
    if responsible_person is not None and department_of(responsible_person) != responsible_department:
        raise DomainError(_("The responsible person is not in the responsible department."),
                          field="responsible_person")
    days = getattr(settings, "COMPLAINTS_FINDING_ANSWER_DAYS", ANSWER_DAYS)
    values = {"root_cause": root_cause, "responsible_department": responsible_department,
              "responsible_person": responsible_person, "note": (note or "").strip(), "recorded_by": actor,
              "recorded_at": now, "respond_by": now + timedelta(days=days), "updated_at": now}
    finding = ComplaintFinding.objects.select_for_update().filter(complaint=complaint).first()
    if finding is None:
        finding = ComplaintFinding.objects.create(complaint=complaint, **values)
    elif finding.status != FindingStatus.PENDING:
        raise DomainError(_("The department has answered; the finding can no longer be changed."),
                          code="illegal_transition", status=409)
    else:
        for field, value in values.items():
            setattr(finding, field, value)
        finding.save()
    events.record(complaint=complaint, kind=events.ROOT_CAUSE, actor=actor, at=now, data={
        "root_cause": root_cause.code, "department": responsible_department.pk,
        "person": responsible_person.pk if responsible_person else None})
    _notify(recipients=[responsible_department.head], key=f"finding:{finding.pk}:{now.isoformat()}",
            finding=finding, now=now, urgent=False,
            subject=_("Confirm or dispute the finding on %(number)s") % {"number": complaint.ticket.number})
    return finding


def _notify(*, recipients, key, subject, finding, now, urgent=True) -> None:
    """Like `common.notify`, linking to the finding's page (which the department's head
    sees even when the complaint's ticket is out of their scope)."""
    from django.urls import reverse

    from tickets.services.notifications import notification_send

    url = reverse("complaints:finding", args=[finding.pk])
    for user in {u.pk: u for u in recipients if u is not None}.values():
        notification_send(recipient=user, key=f"{key}:{user.pk}", subject=subject, url=url,
                          ticket=finding.complaint.ticket, urgent=urgent, now=now)


def _require_head(actor, finding) -> None:
    if not can_answer_finding(actor, finding):
        raise DomainError(_("Only the responsible department's head answers the finding."), code="forbidden",
                          status=403)


@transaction.atomic
def finding_confirm(*, actor, finding: ComplaintFinding, now=None) -> ComplaintFinding:
    _require_head(actor, finding)
    now = now or timezone.now()
    finding = finding_transition(finding=finding, action="confirm", now=now)
    events.record(complaint=finding.complaint, kind=events.ACCOUNTABILITY, actor=actor, at=now,
                  data={"answer": "confirmed"})
    return finding


@transaction.atomic
def finding_dispute(*, actor, finding: ComplaintFinding, reason: str, now=None) -> ComplaintFinding:
    from .common import users_with_role

    _require_head(actor, finding)
    now = now or timezone.now()
    finding = finding_transition(finding=finding, action="dispute", reason=reason, now=now,
                                 changes={"dispute_reason": (reason or "").strip()})
    events.record(complaint=finding.complaint, kind=events.ACCOUNTABILITY, actor=actor, at=now, reason=reason,
                  data={"answer": "disputed"})
    _notify(recipients=list(users_with_role(Role.SERVICE_MANAGER)), key=f"finding-dispute:{finding.pk}",
            finding=finding, now=now,
            subject=_("Finding disputed on %(number)s") % {"number": finding.complaint.ticket.number})
    return finding


@transaction.atomic
def finding_decide(*, actor, finding: ComplaintFinding, uphold: bool, reason: str, now=None) -> ComplaintFinding:
    """The service manager decides a dispute, with a reason."""
    if not can_decide_finding(actor):
        raise DomainError(_("Only the service manager decides a disputed finding."), code="forbidden", status=403)
    now = now or timezone.now()
    finding = finding_transition(finding=finding, action="uphold" if uphold else "overturn", reason=reason,
                                 now=now, changes={"decided_by": actor, "decision_reason": (reason or "").strip()})
    events.record(complaint=finding.complaint, kind=events.ACCOUNTABILITY, actor=actor, at=now, reason=reason,
                  data={"answer": finding.status})
    return finding


def findings_lapse(*, now=None) -> int:
    """Unanswered findings past their deadline stand as confirmed (idempotent)."""
    now = now or timezone.now()
    done = 0
    for pk in ComplaintFinding.objects.filter(status=FindingStatus.PENDING, respond_by__lte=now).values_list(
            "pk", flat=True):
        with transaction.atomic():
            finding = ComplaintFinding.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=FindingStatus.PENDING).first()
            if finding is None:
                continue
            finding = finding_transition(finding=finding, action="lapse", now=now, system=True)
            events.record(complaint=finding.complaint, kind=events.ACCOUNTABILITY, actor=None, at=now,
                          data={"answer": "lapsed"})
            done += 1
    return done

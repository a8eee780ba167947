"""Joint consultation: convene departments on a complaint ticket, each department's
findings, the lead's conclusion. Every step is an event on the ticket. While open,
the invited departments see the ticket (`consultation_scope`, registered with
`tickets.hooks.register_scope_extension`).

Reply clocks: each invited department gets a "consultation reply" SLA clock on its
own calendar, derived by sla from these events (read by their codes: the convened
event names every invite with its department and head, the answered event its invite,
the concluded event its consultation). The first findings meet the clock; the
conclusion stops those still running. Not a tickets Transfer: a transfer would leave
the department seeing the ticket for good, move the ticket to "waiting for a
department" (pausing its resolution clock) and run to the policy's target instead of
the convener's deadline, and a transfer cannot be withdrawn when the lead concludes."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import lock_ticket
from tickets import limits
from tickets.models import StaffProfile
from tickets.models.org import DEPARTMENT_ROLES, Role
from tickets.permissions import department_of, is_admin, role_of

from ..models import Consultation, ConsultationInvite, ConsultationStatus
from ..permissions import can_lead
from .common import notify, require_handler
from .events import CONSULTATION_ANSWERED, CONSULTATION_CONCLUDED, CONSULTATION_CONVENED


def _event(ticket, kind, actor, now, **data):
    from tickets.services import ticket_event_record

    return ticket_event_record(ticket=ticket, kind=kind, actor=actor, at=now, data=data)


@transaction.atomic
def consultation_convene(*, actor, ticket, departments, question: str, deadline, now=None) -> Consultation:
    """The handler of the complaint (its assignee) or a lead convenes business
    departments with a question and a deadline; each gets a reply clock."""
    require_handler(actor)
    if not can_lead(actor) and ticket.assignee_id != actor.pk:
        raise DomainError(_("Only the handler of the complaint or a team lead convenes a consultation."),
                          code="forbidden", status=403)
    now = now or timezone.now()
    question = limits.check_length((question or "").strip(), limits.TRANSFER_TEXT, "question")
    if not question:
        raise DomainError(_("The question is required."), field="question")
    departments = sorted({d.pk: d for d in departments if d is not None}.values(), key=lambda d: d.pk)
    if not departments:
        raise DomainError(_("Invite at least one department."), field="departments")
    if any(d.is_service_center or not d.is_active for d in departments):
        raise DomainError(_("Only active business departments are invited."), field="departments")
    if deadline is None or deadline <= now:
        raise DomainError(_("The deadline must be in the future."), field="deadline")
    idle = [d for d in departments if not _works_before(d, now, deadline)]
    if idle:
        raise DomainError(_("The deadline leaves %(departments)s no working hours to answer in.")
                          % {"departments": "、".join(d.display_name for d in idle)}, field="deadline")
    ticket = lock_ticket(ticket.pk)
    if not ticket.is_open:
        raise Conflict(_("A resolved or closed complaint cannot be put to a consultation."), code="ticket_closed")
    consultation = Consultation.objects.create(ticket=ticket, question=question, deadline=deadline,
                                               convened_by=actor, created_at=now, updated_at=now)
    invites = ConsultationInvite.objects.bulk_create([ConsultationInvite(consultation=consultation, department=d)
                                                      for d in departments])
    _event(ticket, CONSULTATION_CONVENED, actor, now, consultation=consultation.pk,
           departments=[d.pk for d in departments], deadline=deadline.isoformat(),
           invites=[{"invite": i.pk, "department": i.department_id, "head": i.department.head_id} for i in invites])
    members = StaffProfile.objects.filter(department__in=departments, role__in=DEPARTMENT_ROLES,
                                          user__is_active=True).select_related("user")
    notify(recipients=[p.user for p in members], key=f"consultation:{consultation.pk}", ticket=ticket, now=now,
           subject=_("Joint consultation on %(number)s") % {"number": ticket.number}, body=question)
    return consultation


def _works_before(department, now, deadline) -> bool:
    """Whether the department's own calendar (its reply clock's) has working time
    between now and the deadline; a department with no calendar at all has no clock."""
    from sla import kernel
    from sla.kernel_calendars import NoCalendar, department_calendar, kernel_calendar

    try:
        calendar = kernel_calendar(department_calendar(department))
    except NoCalendar:
        return True
    return kernel.elapsed(calendar, now, deadline) > 0


@transaction.atomic
def consultation_answer(*, actor, invite: ConsultationInvite, findings: str, now=None) -> ConsultationInvite:
    """A member of the invited department gives its findings (may be amended while open)."""
    now = now or timezone.now()
    if not is_admin(actor) and department_of(actor) != invite.department:
        raise DomainError(_("Only the invited department answers."), code="forbidden", status=403)
    findings = limits.check_length((findings or "").strip(), limits.TRANSFER_TEXT, "findings")
    if not findings:
        raise DomainError(_("The findings are required."), field="findings")
    lock_ticket(invite.consultation.ticket_id)  # lock order: the ticket first (its clocks follow)
    invite = ConsultationInvite.objects.select_for_update().select_related("consultation").get(pk=invite.pk)
    if invite.consultation.status != ConsultationStatus.OPEN:
        raise Conflict(_("The consultation is concluded."), code="illegal_transition")
    invite.findings, invite.answered_by, invite.answered_at = findings, actor, now
    invite.save(update_fields=["findings", "answered_by", "answered_at"])
    _event(invite.consultation.ticket, CONSULTATION_ANSWERED, actor, now, consultation=invite.consultation_id,
           department=invite.department_id, invite=invite.pk)
    return invite


@transaction.atomic
def consultation_conclude(*, actor, consultation: Consultation, owning_department, cause: str, action_plan: str,
                          now=None) -> Consultation:
    """The lead records the conclusion; the invited departments stop seeing the ticket."""
    if not can_lead(actor):
        raise DomainError(_("Only team leads and managers conclude a consultation."), code="forbidden", status=403)
    now = now or timezone.now()
    cause = limits.check_length((cause or "").strip(), limits.TRANSFER_TEXT, "cause")
    action_plan = limits.check_length((action_plan or "").strip(), limits.TRANSFER_TEXT, "action_plan")
    if owning_department is None or not cause or not action_plan:
        raise DomainError(_("The owning department, the cause and the action plan are required."),
                          field="cause")
    lock_ticket(consultation.ticket_id)  # lock order: the ticket first (its clocks follow)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != ConsultationStatus.OPEN:
        raise Conflict(_("The consultation is concluded."), code="illegal_transition")
    consultation.status = ConsultationStatus.CONCLUDED
    consultation.owning_department, consultation.cause, consultation.action_plan = owning_department, cause, action_plan
    consultation.concluded_at = consultation.updated_at = now
    consultation.save()
    _event(consultation.ticket, CONSULTATION_CONCLUDED, actor, now, consultation=consultation.pk,
           department=owning_department.pk)
    return consultation


def consultation_scope(user):
    """Scope extension: the tickets of open consultations the user's department is invited to."""
    if not getattr(user, "is_authenticated", False) or role_of(user) not in (Role.DEPT_HEAD, Role.DEPT_STAFF):
        return None
    department = department_of(user)
    if department is None:
        return None
    return Q(pk__in=ConsultationInvite.objects.filter(
        department=department, consultation__status=ConsultationStatus.OPEN).values("consultation__ticket_id"))

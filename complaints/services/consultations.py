"""Joint consultation: convene departments on a complaint ticket, each department's
findings, the lead's conclusion. Every step is an event on the ticket. While open,
the invited departments see the ticket (`consultation_scope`, registered with
`tickets.hooks.register_scope_extension`)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import lock_ticket
from tickets.models.org import Role
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
    """The handler or lead convenes two or more departments (or one other than the
    ticket's own) with a question and a deadline."""
    require_handler(actor)
    now = now or timezone.now()
    question = (question or "").strip()
    if not question:
        raise DomainError(_("The question is required."), field="question")
    departments = list({d.pk: d for d in departments if d is not None}.values())
    if not departments:
        raise DomainError(_("Invite at least one department."), field="departments")
    if deadline is None or deadline <= now:
        raise DomainError(_("The deadline must be in the future."), field="deadline")
    lock_ticket(ticket.pk)
    consultation = Consultation.objects.create(ticket=ticket, question=question, deadline=deadline,
                                               convened_by=actor, created_at=now, updated_at=now)
    ConsultationInvite.objects.bulk_create([ConsultationInvite(consultation=consultation, department=d)
                                            for d in departments])
    _event(ticket, CONSULTATION_CONVENED, actor, now, consultation=consultation.pk,
           departments=[d.pk for d in departments], deadline=deadline.isoformat())
    notify(recipients=[d.head for d in departments], key=f"consultation:{consultation.pk}", ticket=ticket, now=now,
           subject=_("Joint consultation on %(number)s") % {"number": ticket.number})
    return consultation


@transaction.atomic
def consultation_answer(*, actor, invite: ConsultationInvite, findings: str, now=None) -> ConsultationInvite:
    """A member of the invited department gives its findings (may be amended while open)."""
    now = now or timezone.now()
    if not is_admin(actor) and department_of(actor) != invite.department:
        raise DomainError(_("Only the invited department answers."), code="forbidden", status=403)
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("The findings are required."), field="findings")
    invite = ConsultationInvite.objects.select_for_update().select_related("consultation").get(pk=invite.pk)
    if invite.consultation.status != ConsultationStatus.OPEN:
        raise Conflict(_("The consultation is concluded."), code="illegal_transition")
    invite.findings, invite.answered_by, invite.answered_at = findings, actor, now
    invite.save(update_fields=["findings", "answered_by", "answered_at"])
    _event(invite.consultation.ticket, CONSULTATION_ANSWERED, actor, now, consultation=invite.consultation_id,
           department=invite.department_id)
    return invite


@transaction.atomic
def consultation_conclude(*, actor, consultation: Consultation, owning_department, cause: str, action_plan: str,
                          now=None) -> Consultation:
    """The lead records the conclusion; the invited departments stop seeing the ticket."""
    if not can_lead(actor):
        raise DomainError(_("Only team leads and managers conclude a consultation."), code="forbidden", status=403)
    now = now or timezone.now()
    cause, action_plan = (cause or "").strip(), (action_plan or "").strip()
    if owning_department is None or not cause or not action_plan:
        raise DomainError(_("The owning department, the cause and the action plan are required."),
                          field="cause")
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

"""Who may do what in the complaint loop (role checks only; what a user may see at
all is `complaints.selectors`, which follows the ticket scope)."""

from tickets.models.org import Role
from tickets.permissions import can_work_tickets, is_admin, is_manager, is_supervisor, role_of, sees_whole_center


def can_lead(user) -> bool:
    """Convene incidents and consultations, decide improvement actions: leads and managers."""
    return is_supervisor(user)


def can_handle(user) -> bool:
    """Take in, acknowledge, assess, reply, propose remedies, call back."""
    return can_work_tickets(user)


def can_manage_seats(user) -> bool:
    return is_supervisor(user)


def can_reopen(user) -> bool:
    return is_supervisor(user)


def can_force_close(user) -> bool:
    """Close a loop that is not closed by its rule (with a reason): the service manager."""
    return is_manager(user)


def can_manage_token(user) -> bool:
    return can_work_tickets(user)


def can_decide(user, approval) -> bool:
    """Only the addressed approver decides a step, and never on their own request."""
    return approval.approver_id == getattr(user, "pk", None) and approval.requested_by_id != user.pk


def can_execute_remedy(user) -> bool:
    return can_work_tickets(user) or is_admin(user)


def can_see_hotspots(user) -> bool:
    """Hotspots and the handling conformance figures: the center's leads, QA and
    managers (whole center) and department heads (their department's complaints)."""
    return sees_whole_center(user) or role_of(user) == Role.DEPT_HEAD


def can_answer_finding(user, finding) -> bool:
    """Confirm or dispute a finding: the head of the responsible department."""
    from tickets.models.org import Role
    from tickets.permissions import department_of, role_of

    return is_admin(user) or (role_of(user) == Role.DEPT_HEAD
                              and getattr(department_of(user), "pk", None) == finding.responsible_department_id)


def can_decide_finding(user) -> bool:
    """Uphold or overturn a disputed finding: the service manager."""
    from tickets.models.org import Role
    from tickets.permissions import role_of

    return is_admin(user) or role_of(user) == Role.SERVICE_MANAGER


def can_propose_improvement(user) -> bool:
    """Propose and verify improvement actions: the service center's leads and managers."""
    return is_supervisor(user)


def can_answer_improvement(user, action) -> bool:
    """Accept, reject and complete an improvement action: its department's staff and head."""
    from tickets.permissions import department_of, is_department_staff

    return is_admin(user) or (is_department_staff(user)
                              and getattr(department_of(user), "pk", None) == action.department_id)

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

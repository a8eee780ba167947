"""Who may do what, by role. Services call these to enforce rules; views use them to
decide which buttons to show. Visibility (what a user may see at all) lives in
`tickets.selectors`."""

from .models.org import (
    CENTER_WIDE_ROLES,
    DEPARTMENT_ROLES,
    MANAGER_ROLES,
    SERVICE_CENTER_ROLES,
    SUPERVISOR_ROLES,
    Role,
)


def role_of(user) -> str | None:
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def department_of(user):
    profile = getattr(user, "profile", None)
    return profile.department if profile else None


def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def is_service_staff(user) -> bool:
    return role_of(user) in SERVICE_CENTER_ROLES


def is_department_staff(user) -> bool:
    return role_of(user) in DEPARTMENT_ROLES


def sees_whole_center(user) -> bool:
    return role_of(user) in CENTER_WIDE_ROLES or is_admin(user)


def can_work_tickets(user) -> bool:
    """Create, assign, move, reply to customers, transfer."""
    return is_service_staff(user) or is_admin(user)


def sees_full_phone(user) -> bool:
    """Customers' full phone numbers are for those who call them back; everyone else
    sees `138****5678` and may not search, filter or sort by the hidden digits
    (`tickets.selectors.customer_match_q`)."""
    return can_work_tickets(user)


def is_supervisor(user) -> bool:
    """Team leads, service managers and admins."""
    return role_of(user) in SUPERVISOR_ROLES


def is_manager(user) -> bool:
    """Service managers and admins: they configure SLAs, calendars and agreements."""
    return role_of(user) in MANAGER_ROLES


def can_assign_others(user) -> bool:
    return is_supervisor(user)


def can_reassign(user, ticket) -> bool:
    """THE rule for moving a ticket between people: a ticket in the pool (no assignee)
    may be taken by any worker; an assigned one is moved only by its assignee, a team
    lead or a manager (checked by `ticket_assign` under the row lock)."""
    if not can_work_tickets(user):
        return False
    return ticket.assignee_id is None or ticket.assignee_id == user.pk or can_assign_others(user)


def can_answer_transfer(user, transfer) -> bool:
    if is_admin(user):
        return True
    department = department_of(user)
    return is_department_staff(user) and department is not None and department.pk == transfer.department_id

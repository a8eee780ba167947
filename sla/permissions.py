"""Who may do what in `sla`: agreements, calendars, policies. Services call these to
enforce the rules; views use them to decide which buttons to show. Visibility lives in
`sla.selectors`. Role sets come from `tickets.models.org` (one definition).

Services always take `actor`; a system caller (demo, commands, tasks) passes
`actor=None, system=True` explicitly, and no check runs for it."""

from tickets.models import Role
from tickets.permissions import department_of, is_admin, is_manager, role_of

# Roles that may head a department for signing when `Department.head` is not set.
_HEAD_ROLES = {Role.DEPT_HEAD, Role.SERVICE_MANAGER}


def party_departments(version) -> list:
    """Every party of a version: the client departments (甲方) then the provider (乙方)."""
    clients = sorted(version.client_departments.all(), key=lambda d: d.code)
    return [*clients, version.provider]


def heads(user, department) -> bool:
    """The department's head signs for it: the user named as head, or, where none is
    named, a department head (service manager for the center) of that department."""
    if not user or not user.is_authenticated or department is None:
        return False
    if department.head_id is not None:
        return department.head_id == user.pk
    own = department_of(user)
    return own is not None and own.pk == department.pk and role_of(user) in _HEAD_ROLES


def can_sign_for(user, department) -> bool:
    return is_admin(user) or heads(user, department)


def is_agreement_manager(user) -> bool:
    """Service managers and admins run the agreement register."""
    return is_manager(user)


def can_draft(user) -> bool:
    """Start a new agreement: managers, admins and department heads (for their own department)."""
    return is_agreement_manager(user) or role_of(user) == Role.DEPT_HEAD


def can_manage(user, version) -> bool:
    """Edit a draft, submit, recall, amend, terminate, agree overrides: managers,
    admins and the head of any party department."""
    if is_agreement_manager(user):
        return True
    return any(heads(user, department) for department in party_departments(version))


def signable_parties(user, version) -> list:
    """Parties this user may still sign for on this version."""
    signed = {s.department_id for s in version.signatures.all()}
    return [d for d in party_departments(version) if d.pk not in signed and can_sign_for(user, d)]


def can_edit_calendars(user) -> bool:
    """Service managers and admins change service calendars."""
    return is_manager(user)


def can_manage_policies(user) -> bool:
    """Service managers and admins change SLA policies and escalation rules."""
    return is_manager(user)

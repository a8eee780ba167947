"""Who may do what in the monthly close. Visibility lives in `reports.selectors`."""

from tickets.models.org import Role
from tickets.permissions import department_of, is_admin, is_manager, role_of, sees_whole_center


def can_run_close(user) -> bool:
    return is_manager(user)


can_lock_month = can_run_close
can_adjust = can_run_close
can_import_orders = can_run_close


def _heads(user, department) -> bool:
    return department is not None and role_of(user) == Role.DEPT_HEAD and department_of(user) == department


def can_appeal(user, violation) -> bool:
    """The penalised side: the responsible person, the head of the violation's
    department, or — for the service center's own violations — its manager."""
    if violation.person_id is not None and violation.person_id == getattr(user, "pk", None):
        return True
    department = violation.department
    if department is None:
        return False
    if department.is_service_center:
        return role_of(user) == Role.SERVICE_MANAGER and department_of(user) == department
    return _heads(user, department)


def can_decide(user, violation) -> bool:
    """The other side decides: the service manager for a client department's
    violation, a client department's head for the center's; admins always."""
    if is_admin(user):
        return True
    department = violation.department
    if department is not None and department.is_service_center:
        role = role_of(user)
        own = department_of(user)
        clients = {d.pk for d in violation.close.version.client_departments.all()}
        return role == Role.DEPT_HEAD and own is not None and own.pk in clients
    return role_of(user) == Role.SERVICE_MANAGER


def sees_all_reports(user) -> bool:
    return sees_whole_center(user)

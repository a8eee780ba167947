from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from ..models import Department, Role, StaffProfile

# Model permissions each role's group holds ("app_label.codename"). The admin role
# additionally gets is_staff (Django admin) — service rules still apply there.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: ["tickets.view_ticket", "tickets.add_ticket", "tickets.view_customer", "tickets.add_customer",
                 "tickets.add_comment", "tickets.add_transfer", "tickets.view_replytemplate"],
    Role.TEAM_LEAD: ["tickets.view_ticket", "tickets.add_ticket", "tickets.change_ticket", "tickets.view_customer",
                     "tickets.add_customer", "tickets.change_customer", "tickets.add_comment", "tickets.add_transfer",
                     "tickets.view_replytemplate", "tickets.add_replytemplate", "tickets.change_replytemplate"],
    Role.QA_SPECIALIST: ["tickets.view_ticket", "tickets.view_customer", "tickets.view_replytemplate"],
    Role.SERVICE_MANAGER: ["tickets.view_ticket", "tickets.add_ticket", "tickets.change_ticket",
                           "tickets.view_customer", "tickets.add_customer", "tickets.change_customer",
                           "tickets.add_comment", "tickets.add_transfer", "tickets.view_replytemplate",
                           "tickets.add_replytemplate", "tickets.change_replytemplate", "tickets.view_department"],
    Role.DEPT_STAFF: ["tickets.view_ticket", "tickets.view_transfer", "tickets.change_transfer"],
    Role.DEPT_HEAD: ["tickets.view_ticket", "tickets.view_transfer", "tickets.change_transfer",
                     "tickets.view_department"],
    Role.ADMIN: [],
}


def ensure_role_groups() -> dict[str, Group]:
    """Create (or refresh) one Django group per role with its permissions. Idempotent."""
    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=f"role:{role}")
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        groups[role] = group
    return groups


def department_create(*, name, code, kind=Department.Kind.BUSINESS, name_en="", parent=None, head=None) -> Department:
    if Department.objects.filter(code=code).exists():
        raise DomainError(_("Department code %(code)r is already used.") % {"code": code}, code="duplicate")
    return Department.objects.create(name=name, name_en=name_en, code=code, kind=kind, parent=parent, head=head)


def _check_role_fits_department(role: str, department: Department) -> None:
    from ..models.org import DEPARTMENT_ROLES, SERVICE_CENTER_ROLES

    if role in SERVICE_CENTER_ROLES and not department.is_service_center:
        raise DomainError(_("Service-center roles belong to the service center."), code="role_department")
    if role in DEPARTMENT_ROLES and department.is_service_center:
        raise DomainError(_("Department roles belong to a business department."), code="role_department")


@transaction.atomic
def staff_set_role(*, user, department: Department, role: str) -> StaffProfile:
    """Give a user a role in a department, keeping the role groups in step."""
    if role not in Role.values:
        raise DomainError(_("Unknown role %(role)r.") % {"role": role})
    _check_role_fits_department(role, department)
    profile, _created = StaffProfile.objects.update_or_create(
        user=user, defaults={"department": department, "role": role}
    )
    role_groups = ensure_role_groups() if not Group.objects.filter(name=f"role:{role}").exists() else None
    user.groups.remove(*Group.objects.filter(name__startswith="role:"))
    user.groups.add(role_groups[role] if role_groups else Group.objects.get(name=f"role:{role}"))
    is_admin = role == Role.ADMIN
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])
    if role == Role.DEPT_HEAD and department.head_id is None:
        department.head = user
        department.save(update_fields=["head"])
    return profile


@transaction.atomic
def staff_create(*, username, password, department, role, first_name="", last_name="", email="") -> StaffProfile:
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise DomainError(_("User %(username)r already exists.") % {"username": username}, code="duplicate")
    user = User.objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name, email=email
    )
    return staff_set_role(user=user, department=department, role=role)

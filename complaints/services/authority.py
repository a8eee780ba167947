"""Authority limits (授权): who may grant which remedy up to what amount, and the
approval chain that climbs the levels to the first person whose limit covers it."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.models.org import Role
from tickets.permissions import department_of, is_admin, role_of

from ..models import AuthorityLimit, RemedyKind
from .common import money, users_with_role

# Remedies without an amount (a written apology, a fix) count as 0 against a limit.
AMOUNT_KINDS = {RemedyKind.REFUND, RemedyKind.COMPENSATION, RemedyKind.GIFT}


def chain(kind: str) -> list[AuthorityLimit]:
    return list(AuthorityLimit.objects.filter(remedy_kind=kind).select_related("department").order_by("level"))


def _matches(limit: AuthorityLimit, user) -> bool:
    if role_of(user) != limit.role:
        return False
    return limit.department_id is None or getattr(department_of(user), "pk", None) == limit.department_id


def level_of(user, levels: list[AuthorityLimit]) -> AuthorityLimit | None:
    """The highest level of the chain this user holds (None: not on the chain)."""
    held = [limit for limit in levels if _matches(limit, user)]
    return held[-1] if held else None


def covers(limit: AuthorityLimit | None, amount: Decimal | None) -> bool:
    if limit is None:
        return False
    return limit.max_amount is None or (amount or Decimal(0)) <= limit.max_amount


def approver_at(limit: AuthorityLimit, *, exclude=()):
    """Who decides at this level: the department's head for a head level, else the
    first active user of the role (never someone in `exclude`)."""
    excluded = {u.pk for u in exclude if u}
    if limit.role == Role.DEPT_HEAD and limit.department_id:
        head = limit.department.head
        return head if head is not None and head.is_active and head.pk not in excluded else None
    qs = users_with_role(limit.role).exclude(pk__in=excluded)
    if limit.department_id:
        qs = qs.filter(profile__department_id=limit.department_id)
    return qs.first()


def next_step(*, kind: str, amount, above_level: int, exclude=()):
    """(limit, approver) of the first level above `above_level` that has an approver,
    climbing until one covers the amount; None when nobody may grant it."""
    for limit in chain(kind):
        if limit.level <= above_level:
            continue
        approver = approver_at(limit, exclude=exclude)
        if approver is not None:
            return limit, approver
    return None


@transaction.atomic
def authority_limit_set(*, actor, remedy_kind: str, level: int, role: str, max_amount=None, department=None,
                        now=None) -> AuthorityLimit:
    """Create or change one level of a remedy kind's chain (administrators)."""
    if not is_admin(actor) and role_of(actor) != Role.SERVICE_MANAGER:
        raise DomainError(_("Only administrators and the service manager set authority limits."),
                          code="forbidden", status=403)
    if remedy_kind not in RemedyKind.values:
        raise DomainError(_("Unknown remedy kind %(value)r.") % {"value": remedy_kind}, field="remedy_kind")
    if role not in Role.values:
        raise DomainError(_("Unknown role %(value)r.") % {"value": role}, field="role")
    if not isinstance(level, int) or level < 1 or level > 20:
        raise DomainError(_("A level is a number from 1 to 20."), field="level")
    amount = money(max_amount, "max_amount")
    limit, _created = AuthorityLimit.objects.update_or_create(
        remedy_kind=remedy_kind, level=level,
        defaults={"role": role, "max_amount": amount, "department": department},
    )
    return limit

"""The default authority chain (授权), used by the demo and as a starting point in the
admin: an agent grants up to ¥100, a team lead ¥500, the service manager ¥2,000;
above that the finance head. Apologies and fixes: the agent; returns: the lead."""

from decimal import Decimal

from tickets.models.org import Role

from .models import AuthorityLimit, RemedyKind

MONEY = {RemedyKind.COMPENSATION, RemedyKind.REFUND, RemedyKind.GIFT}


def default_chain(finance) -> list[dict]:
    rows = []
    for kind in MONEY:
        rows += [
            {"remedy_kind": kind, "level": 1, "role": Role.AGENT, "max_amount": Decimal("100")},
            {"remedy_kind": kind, "level": 2, "role": Role.TEAM_LEAD, "max_amount": Decimal("500")},
            {"remedy_kind": kind, "level": 3, "role": Role.SERVICE_MANAGER, "max_amount": Decimal("2000")},
            {"remedy_kind": kind, "level": 4, "role": Role.DEPT_HEAD, "department": finance, "max_amount": None},
        ]
    rows += [
        {"remedy_kind": RemedyKind.APOLOGY, "level": 1, "role": Role.AGENT, "max_amount": None},
        {"remedy_kind": RemedyKind.FIX, "level": 1, "role": Role.AGENT, "max_amount": None},
        {"remedy_kind": RemedyKind.RETURN, "level": 2, "role": Role.TEAM_LEAD, "max_amount": Decimal("2000")},
        {"remedy_kind": RemedyKind.RETURN, "level": 3, "role": Role.SERVICE_MANAGER, "max_amount": None},
    ]
    return rows


def install_default_chain(finance) -> int:
    """Idempotent: adds the missing levels, leaves edited ones alone."""
    created = 0
    for row in default_chain(finance):
        _obj, made = AuthorityLimit.objects.get_or_create(
            remedy_kind=row["remedy_kind"], level=row["level"],
            defaults={"role": row["role"], "max_amount": row["max_amount"], "department": row.get("department")})
        created += made
    return created

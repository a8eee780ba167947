import re

from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from ..models import Customer

PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{4,28}$")


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not PHONE_RE.match(phone):
        raise DomainError(_("Phone number must contain digits only (optionally +, spaces or dashes)."), field="phone")
    return re.sub(r"[ \-]", "", phone)


def customer_create(*, name, phone, tier=Customer.Tier.STANDARD, email="", external_ids=None) -> Customer:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("A customer needs a name."), field="name")
    if tier not in Customer.Tier.values:
        raise DomainError(_("Unknown tier %(tier)r.") % {"tier": tier}, field="tier")
    return Customer.objects.create(
        name=name, phone=_clean_phone(phone), tier=tier, email=email or "", external_ids=external_ids or {}
    )


def customer_update(*, customer: Customer, **changes) -> Customer:
    allowed = {"name", "phone", "tier", "email", "external_ids"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "phone" in changes:
        changes["phone"] = _clean_phone(changes["phone"])
    if "tier" in changes and changes["tier"] not in Customer.Tier.values:
        raise DomainError(_("Unknown tier %(tier)r.") % {"tier": changes["tier"]}, field="tier")
    for field, value in changes.items():
        setattr(customer, field, value)
    customer.save(update_fields=list(changes))
    return customer

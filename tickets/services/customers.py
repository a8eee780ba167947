import re

from django.db import transaction
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from .. import limits
from ..models import Customer, Ticket

PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{4,28}$")


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not PHONE_RE.match(phone):
        raise DomainError(_("Phone number must contain digits only (optionally +, spaces or dashes)."), field="phone")
    return re.sub(r"[ \-]", "", phone)


def _clean_external_ids(external_ids) -> dict:
    """Ids in other systems: a small mapping of short texts (the same limits for the
    page, the API and the admin)."""
    external_ids = external_ids or {}
    if not isinstance(external_ids, dict) or len(external_ids) > limits.EXTERNAL_IDS:
        raise DomainError(_("External ids are a mapping of at most %(limit)d system names to ids.")
                          % {"limit": limits.EXTERNAL_IDS}, field="external_ids")
    for key, value in external_ids.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key.strip():
            raise DomainError(_("External ids map system names to ids, both texts."), field="external_ids")
        limits.check_length(key, limits.EXTERNAL_ID, "external_ids")
        limits.check_length(value, limits.EXTERNAL_ID, "external_ids")
    return external_ids


def customer_create(*, name, phone, tier=Customer.Tier.STANDARD, email="", external_ids=None) -> Customer:
    name = limits.check_length((name or "").strip(), limits.CUSTOMER_NAME, "name")
    if not name:
        raise DomainError(_("A customer needs a name."), field="name")
    if tier not in Customer.Tier.values:
        raise DomainError(_("Unknown tier %(tier)r.") % {"tier": tier}, field="tier")
    return Customer.objects.create(
        name=name, phone=_clean_phone(phone), tier=tier, email=email or "",
        external_ids=_clean_external_ids(external_ids),
    )


def customer_update(*, customer: Customer, **changes) -> Customer:
    allowed = {"name", "phone", "tier", "email", "external_ids"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "phone" in changes:
        changes["phone"] = _clean_phone(changes["phone"])
    if "name" in changes:
        changes["name"] = limits.check_length((changes["name"] or "").strip(), limits.CUSTOMER_NAME, "name")
        if not changes["name"]:
            raise DomainError(_("A customer needs a name."), field="name")
    if "external_ids" in changes:
        changes["external_ids"] = _clean_external_ids(changes["external_ids"])
    if "tier" in changes and changes["tier"] not in Customer.Tier.values:
        raise DomainError(_("Unknown tier %(tier)r.") % {"tier": changes["tier"]}, field="tier")
    for field, value in changes.items():
        setattr(customer, field, value)
    with transaction.atomic():
        customer.save(update_fields=list(changes))
        if "tier" in changes:  # the copy on the tickets that the work queues sort by
            vip = customer.tier == Customer.Tier.VIP
            Ticket.objects.filter(customer=customer).exclude(customer_vip=vip).update(customer_vip=vip)
    return customer

"""Small helpers the complaint services share."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.models.org import Role
from tickets.services import notification_send

from ..permissions import can_handle


def require_handler(actor) -> None:
    if not can_handle(actor):
        raise DomainError(_("Only service-center staff can do this."), code="forbidden", status=403)


def money(value, field: str = "amount", *, required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("An amount is required."), field=field)
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Not an amount: %(value)s.") % {"value": value}, field=field) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10") or amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("An amount is a positive number of yuan with at most two decimals."), field=field)
    return amount


def users_with_role(role: str):
    return get_user_model().objects.filter(is_active=True, profile__role=role).order_by("pk")


def team_lead(*, exclude=()):
    """The team lead with the fewest open tickets (ties: lower id)."""
    return (users_with_role(Role.TEAM_LEAD).exclude(pk__in=[u.pk for u in exclude if u])
            .annotate(load=Count("assigned_tickets", filter=Q(assigned_tickets__status__in=[
                "new", "in_progress", "waiting_customer", "waiting_department"])))
            .order_by("load", "pk").first())


def notify(*, recipients, key: str, subject: str, body: str = "", ticket=None, url: str = "", urgent=True,
           now) -> None:
    """One notice per recipient; the link is the ticket's page unless `url` names another."""
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notification_send(recipient=user, key=f"{key}:{user.pk}", subject=subject, body=body,
                          url=url or (f"/tickets/{ticket.pk}/" if ticket else ""), ticket=ticket, urgent=urgent,
                          now=now)


def department_head(ticket):
    department = ticket.category.default_department if ticket.category_id else None
    if department is None:
        return None
    return department.head

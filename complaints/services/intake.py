"""Intake: a complaint is a ticket of kind complaint plus its complaint record,
routed to a seat, acknowledged to the customer through the outbox, and flagged
(VIP green channel, repeat within 30 days, major)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.models import Customer, Priority, TicketKind
from tickets.models.org import Role
from tickets.services import ticket_create

from ..models import Complaint, EscalationFlag, Severity
from . import events
from .common import department_head, money, notify, require_handler, users_with_role
from .outbox import message_queue
from .routing import route_complaint
from .tokens import new_token, tracking_url

REPEAT_WINDOW = timedelta(days=30)
MAX_ORDERS = 20


def _orders(order_numbers) -> list[str]:
    if isinstance(order_numbers, str):
        order_numbers = order_numbers.replace("，", ",").replace("\n", ",").split(",")
    orders = [str(o).strip()[:40] for o in (order_numbers or []) if str(o).strip()]
    if len(orders) > MAX_ORDERS:
        raise DomainError(_("At most %(n)d order numbers.") % {"n": MAX_ORDERS}, field="order_numbers")
    return orders


def _priority_for(severity: str, tier: str, asked: int | None) -> int:
    priority = asked or Priority.NORMAL
    if severity == Severity.MAJOR:
        priority = Priority.URGENT
    elif severity == Severity.SERIOUS or tier == Customer.Tier.VIP:
        priority = max(priority, Priority.HIGH)
    return priority


def major_alert(*, complaint: Complaint, actor, now) -> None:
    """A major complaint: the service managers and the responsible department head at once."""
    ticket = complaint.ticket
    recipients = [*users_with_role(Role.SERVICE_MANAGER), department_head(ticket)]
    notify(recipients=recipients, key=f"complaint-major:{complaint.pk}", ticket=ticket, now=now,
           subject=_("Major complaint %(number)s: %(title)s") % {"number": ticket.number, "title": ticket.title},
           body=complaint.desired_remedy)
    events.record(complaint=complaint, kind=events.MAJOR_ALERT, actor=actor, at=now,
                  data={"notified": [u.pk for u in recipients if u is not None]})


def acknowledgement_text(complaint: Complaint) -> str:
    ticket = complaint.ticket
    return _("We have received your complaint %(number)s and will keep you informed. Follow it here: %(url)s") % {
        "number": ticket.number, "url": tracking_url(complaint)}


@transaction.atomic
def complaint_create(
    *, actor, customer: Customer, title: str, category, desired_remedy: str, channel: str,
    severity: str = Severity.GENERAL, description: str = "", order_numbers=(), amount_in_dispute=None,
    flags=(), priority: int | None = None, now=None, system: bool = False,
) -> Complaint:
    """Take in a complaint. `system=True` (with actor None) is the public web form."""
    if not system:
        require_handler(actor)
    now = now or timezone.now()
    desired_remedy = (desired_remedy or "").strip()
    if not desired_remedy:
        raise DomainError(_("The customer's desired remedy is required."), field="desired_remedy")
    if severity not in Severity.values:
        raise DomainError(_("Unknown severity %(value)r.") % {"value": severity}, field="severity")
    flags = list(dict.fromkeys(flags or []))
    unknown = set(flags) - set(EscalationFlag.values)
    if unknown:
        raise DomainError(_("Unknown escalation flag: %(flags)s.") % {"flags": ", ".join(sorted(unknown))},
                          field="flags")
    amount = money(amount_in_dispute, "amount_in_dispute")
    orders = _orders(order_numbers)
    is_vip = customer.tier == Customer.Tier.VIP
    if is_vip and EscalationFlag.VIP not in flags:
        flags.append(EscalationFlag.VIP)
    if any(f in flags for f in (EscalationFlag.MEDIA, EscalationFlag.REGULATOR, EscalationFlag.SAFETY,
                                EscalationFlag.LEGAL)):
        severity = Severity.MAJOR
    route = route_complaint(category=category, tier=customer.tier)
    ticket = ticket_create(
        actor=None if system else actor, system=system, customer=customer, title=title, channel=channel,
        category=category, kind=TicketKind.COMPLAINT, description=description,
        priority=_priority_for(severity, customer.tier, priority), assignee=route.member, now=now,
    )
    repeat_of = (Complaint.objects.filter(ticket__customer=customer, created_at__gte=now - REPEAT_WINDOW,
                                          created_at__lte=now).order_by("-created_at", "-id").first())
    if repeat_of is not None and EscalationFlag.REPEAT not in flags:
        flags.append(EscalationFlag.REPEAT)
    complaint = Complaint.objects.create(
        ticket=ticket, severity=severity, desired_remedy=desired_remedy, order_numbers=orders,
        amount_in_dispute=amount, flags=flags, is_vip=is_vip, repeat_of=repeat_of, seat_group=route.group,
        routing_rule=route.rule[:200], tracking_token=new_token(), created_at=now, updated_at=now,
    )
    events.record(complaint=complaint, kind=events.INTAKE, actor=actor, at=now, data={
        "complaint": complaint.pk, "severity": severity, "vip": is_vip, "flags": flags,
        "repeat_of": repeat_of.ticket_id if repeat_of else None})
    events.record(complaint=complaint, kind=events.ROUTED, actor=actor, at=now, new=route.rule[:200], data={
        "group": route.group.pk if route.group else None, "assignee": route.member.pk if route.member else None})
    message_queue(complaint=complaint, purpose="acknowledgement", body=acknowledgement_text(complaint),
                  subject=_("Complaint %(number)s received") % {"number": ticket.number}, now=now)
    if is_vip:
        notify(recipients=users_with_role(Role.TEAM_LEAD), key=f"complaint-vip:{complaint.pk}", ticket=ticket,
               now=now, subject=_("VIP complaint %(number)s: %(title)s") % {"number": ticket.number,
                                                                              "title": ticket.title})
    if severity == Severity.MAJOR:
        major_alert(complaint=complaint, actor=actor, now=now)
    return complaint


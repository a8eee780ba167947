from uuid import uuid4

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.locking import retry_on_deadlock

from .. import limits
from ..display import person_name
from ..models import Category, Customer, Department, Priority, Ticket, TicketCounter, TicketEvent, TicketKind
from ..models.tickets import Channel
from ..permissions import can_assign_others, can_reassign, can_work_tickets, department_of, is_service_staff
from .events import event_record

EDITABLE_FIELDS = ("title", "description", "category", "priority", "kind", "channel")


def _require_worker(actor) -> None:
    if not can_work_tickets(actor):
        raise DomainError(_("Only service-center staff can do this."), code="forbidden", status=403)


def _next_number(now) -> str:
    """The day's next number, gap-free: one upsert that takes the day's counter row lock
    until commit, so concurrent creators queue here and get distinct, consecutive
    numbers (a rolled-back create gives its number back). Called last in the create
    transaction, so the lock is held only until the commit."""
    day = timezone.localtime(now).date()
    table = TicketCounter._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (day, last) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [day],
        )
        last = cur.fetchone()[0]
    return f"T{day:%Y%m%d}-{last:06d}"


def _service_center() -> Department:
    center = Department.objects.filter(kind=Department.Kind.SERVICE_CENTER, is_active=True).order_by("id").first()
    if center is None:
        raise DomainError(_("No service-center department is configured."), code="setup")
    return center


def _check_choice(value, choices, field):
    if value not in choices:
        raise DomainError(_("Unknown %(field)s %(value)r.") % {"field": field, "value": value}, field=field)


def snapshot(ticket: Ticket) -> dict:
    """What the SLA layer needs to pick a policy, recorded in the created event."""
    return {
        "kind": ticket.kind,
        "channel": ticket.channel,
        "category": ticket.category_id,
        "priority": ticket.priority,
        "tier": ticket.customer.tier,
        "department": ticket.responsible_department_id,
        "assignee": ticket.assignee_id,
    }


@transaction.atomic
def ticket_create(
    *,
    actor,
    customer,
    title: str,
    channel: str,
    category: Category,
    kind: str = TicketKind.INQUIRY,
    description: str = "",
    priority: int = Priority.NORMAL,
    assignee=None,
    now=None,
    system: bool = False,
) -> Ticket:
    """Open a ticket. `system=True` (with `actor=None`) is for intake without a staff
    member — the public complaint form, integrations acting for the center: the
    ticket then has no creator and belongs to the service center."""
    if not system:
        _require_worker(actor)
    now = now or timezone.now()
    title = limits.check_length((title or "").strip(), limits.TITLE, "title")
    limits.check_length(description or "", limits.DESCRIPTION, "description")
    if not title:
        raise DomainError(_("A ticket needs a title."), field="title")
    _check_choice(kind, TicketKind.values, "kind")
    _check_choice(channel, Channel.values, "channel")
    _check_choice(priority, Priority.values, "priority")
    if not category.is_active:
        raise DomainError(_("This category is no longer in use."), field="category")
    if assignee is not None and not is_service_staff(assignee):
        raise DomainError(_("Tickets can only be assigned to service-center staff."), field="assignee")
    department = department_of(actor) if actor is not None else None
    if department is None or not department.is_service_center:
        department = _service_center()
    ticket = Ticket.objects.create(
        number=f"~{uuid4().hex[:19]}",  # a placeholder inside this transaction; the number comes last
        kind=kind,
        title=title,
        description=description or "",
        channel=channel,
        category=category,
        priority=priority,
        customer=customer,
        customer_vip=customer.tier == Customer.Tier.VIP,
        assignee=assignee,
        responsible_department=department,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    event_record(ticket=ticket, kind=TicketEvent.Kind.CREATED, actor=actor, at=now, data=snapshot(ticket))
    ticket.number = _next_number(now)
    Ticket.objects.filter(pk=ticket.pk).update(number=ticket.number)
    return ticket


def _field_value(ticket, field):
    value = getattr(ticket, f"{field}_id" if field == "category" else field)
    return value


@retry_on_deadlock
@transaction.atomic
def ticket_update(*, ticket: Ticket, actor, reason: str = "", now=None, **changes) -> Ticket:
    """Change descriptive fields. Status, number and department are not among them:
    they move only through the workflow and transfers."""
    _require_worker(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        message = _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        raise DomainError(message, code="read_only")
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update(no_key=True).get(pk=ticket.pk)  # lock order: slacenter.locking
    if not ticket.is_open:
        raise DomainError(
            _("A resolved or closed ticket cannot be edited; reopen it first."), status=409, code="conflict"
        )
    if "kind" in changes:
        _check_choice(changes["kind"], TicketKind.values, "kind")
    if "channel" in changes:
        _check_choice(changes["channel"], Channel.values, "channel")
    if "priority" in changes:
        _check_choice(changes["priority"], Priority.values, "priority")
    if "title" in changes and not (changes["title"] or "").strip():
        raise DomainError(_("A ticket needs a title."), field="title")
    limits.check_length(changes.get("title") or "", limits.TITLE, "title")
    limits.check_length(changes.get("description") or "", limits.DESCRIPTION, "description")
    limits.check_length(reason or "", limits.REASON, "reason")
    changed = []
    for field, value in changes.items():
        old = _field_value(ticket, field)
        setattr(ticket, field, value)
        new = _field_value(ticket, field)
        if old != new:
            changed.append((field, old, new))
    if not changed:
        return ticket
    ticket.updated_at = now
    ticket.save(update_fields=[f for f, _, _ in changed] + ["updated_at"])
    for field, old, new in changed:
        long_text = field == "description"
        event_record(
            ticket=ticket,
            kind=TicketEvent.Kind.FIELD_CHANGED,
            actor=actor,
            at=now,
            field=field,
            old="" if long_text else old,
            new="" if long_text else new,
            reason=reason,
        )
    return ticket


@retry_on_deadlock
@transaction.atomic
def ticket_assign(*, ticket: Ticket, actor, assignee, now=None) -> Ticket:
    """Assign to a service-center agent (or unassign with None). Agents may take a
    ticket for themselves; leads and managers may assign anyone."""
    _require_worker(actor)
    if assignee is not None and assignee != actor and not can_assign_others(actor):
        raise DomainError(_("Only team leads and managers can assign tickets to others."), code="forbidden", status=403)
    if assignee is not None and not is_service_staff(assignee):
        raise DomainError(_("Tickets can only be assigned to service-center staff."), field="assignee")
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update(no_key=True).get(pk=ticket.pk)  # lock order: slacenter.locking
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return ticket
    # Decided under the row lock, so of agents racing for a pool ticket one wins and
    # the others learn who took it; nobody but the assignee, a lead or a manager moves
    # an assigned ticket (`can_reassign`).
    if not can_reassign(actor, ticket):
        holder = ticket.assignee
        raise Conflict(
            _("%(name)s has already taken this ticket; only they, a team lead or a manager can reassign it.")
            % {"name": person_name(holder)},
            code="already_assigned",
            assignee={"id": holder.pk, "username": holder.get_username(), "name": person_name(holder)},
        )
    old = ticket.assignee
    ticket.assignee = assignee
    ticket.updated_at = now
    ticket.save(update_fields=["assignee", "updated_at"])
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.ASSIGNED,
        actor=actor,
        at=now,
        field="assignee",
        old=old.get_username() if old else "",
        new=assignee.get_username() if assignee else "",
        data={"old": old.pk if old else None, "new": assignee.pk if assignee else None},
    )
    return ticket

"""Routing a new complaint to a specialised seat (专席) and managing seat groups.

The best-matching active group: the VIP group for a VIP customer (green channel);
otherwise the groups whose complaint types include the category (or its parent)
and whose tiers include the customer's (empty = any), most specific first, then
rank. Within the group, the least-loaded active member (open complaints assigned),
ties to the lower id. No group or no member free: the pool group; no pool: left
unassigned for the queue."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.models import TicketKind
from tickets.models.tickets import OPEN_STATUSES

from ..models import SeatGroup
from ..permissions import can_manage_seats


@dataclass
class Route:
    group: SeatGroup | None
    member: object | None
    rule: str


def _specificity(group: SeatGroup, category) -> int:
    ids = {c.pk for c in group.categories.all()}
    score = 0
    if category.pk in ids:
        score += 2
    elif category.parent_id in ids:
        score += 1
    if group.tiers:
        score += 1
    return score


def _least_loaded(group: SeatGroup, *, exclude=()):
    members = (
        group.members.filter(is_active=True).exclude(pk__in=[u.pk for u in exclude if u])
        .annotate(load=Count("assigned_tickets", filter=Q(assigned_tickets__kind=TicketKind.COMPLAINT,
                                                          assigned_tickets__status__in=OPEN_STATUSES)))
        .order_by("load", "pk")
    )
    return members.first()


def route_complaint(*, category, tier: str) -> Route:
    groups = list(SeatGroup.objects.filter(is_active=True).prefetch_related("categories"))
    if tier == "vip":
        for group in (g for g in groups if g.is_vip):
            member = _least_loaded(group)
            if member is not None:
                return Route(group, member, _("VIP green channel → %(group)s") % {"group": group.display_name})
    candidates = []
    for group in groups:
        if group.is_vip or group.is_pool:
            continue
        ids = {c.pk for c in group.categories.all()}
        if ids and category.pk not in ids and category.parent_id not in ids:
            continue
        if group.tiers and tier not in group.tiers:
            continue
        candidates.append(group)
    candidates.sort(key=lambda g: (-_specificity(g, category), -g.rank, g.pk))
    for group in candidates:
        member = _least_loaded(group)
        if member is not None:
            what = [category.display_name] if {c.pk for c in group.categories.all()} else []
            if group.tiers:
                what.append(tier)
            return Route(group, member, _("Complaint type %(what)s → %(group)s, least loaded")
                         % {"what": " + ".join(what) or _("any"), "group": group.display_name})
    for group in (g for g in groups if g.is_pool):
        member = _least_loaded(group)
        if member is not None:
            return Route(group, member, _("No matching seat free → pool %(group)s") % {"group": group.display_name})
    return Route(None, None, _("No seat group matched: left in the queue"))


def _require(actor):
    if not can_manage_seats(actor):
        raise DomainError(_("Only team leads and managers manage seat groups."), code="forbidden", status=403)


def _check_members(members):
    from tickets.permissions import is_service_staff

    for user in members:
        if not is_service_staff(user):
            raise DomainError(_("Seat-group members must be service-center staff."), field="members")


@transaction.atomic
def seat_group_create(*, actor, name: str, code: str, name_en: str = "", categories=(), tiers=(), members=(),
                      is_vip=False, is_pool=False, rank=0, now=None) -> SeatGroup:
    _require(actor)
    name, code = (name or "").strip(), (code or "").strip()
    if not name or not code:
        raise DomainError(_("A seat group needs a name and a code."), field="name")
    if SeatGroup.objects.filter(code=code).exists():
        raise DomainError(_("This code is taken."), field="code", status=409, code="conflict")
    _check_tiers(tiers)
    _check_members(members)
    group = SeatGroup.objects.create(name=name, name_en=name_en, code=code, tiers=list(tiers), is_vip=is_vip,
                                     is_pool=is_pool, rank=rank)
    group.categories.set(categories)
    group.members.set(members)
    return group


def _check_tiers(tiers):
    from tickets.models import Customer

    unknown = set(tiers) - set(Customer.Tier.values)
    if unknown:
        raise DomainError(_("Unknown customer tier: %(tiers)s.") % {"tiers": ", ".join(sorted(unknown))},
                          field="tiers")


@transaction.atomic
def seat_group_update(*, actor, group: SeatGroup, now=None, **changes) -> SeatGroup:
    _require(actor)
    group = SeatGroup.objects.select_for_update().get(pk=group.pk)
    allowed = {"name", "name_en", "tiers", "is_vip", "is_pool", "is_active", "rank", "categories", "members"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(fields)s.")
                          % {"fields": ", ".join(sorted(unknown))})
    if "tiers" in changes:
        _check_tiers(changes["tiers"])
    if "members" in changes:
        _check_members(changes["members"])
    for field in allowed - {"categories", "members"}:
        if field in changes:
            setattr(group, field, changes[field])
    if not (group.name or "").strip():
        raise DomainError(_("A seat group needs a name and a code."), field="name")
    group.save()
    if "categories" in changes:
        group.categories.set(changes["categories"])
    if "members" in changes:
        group.members.set(changes["members"])
    return group

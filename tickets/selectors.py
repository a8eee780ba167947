"""Reads and visibility. Every list, detail, search, export and API route over
tickets starts from `ticket_scope(user)`; anything outside it is a 404.

- admins, team leads, QA specialists, service managers: every ticket;
- agents: tickets assigned to them, created by them, touched by them (any event of
  theirs), and the unassigned open pool they pick work from;
- department staff and heads: tickets their department owns or was transferred;
- anyone else: nothing;
- plus, for everyone not already seeing the whole center, what upper apps grant
  through `tickets.hooks.register_scope_extension` (e.g. a joint consultation).
"""

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import hooks
from .models import (
    AnswerRating,
    Attachment,
    Category,
    Comment,
    Customer,
    Department,
    Notification,
    ReplyTemplate,
    Ticket,
    TicketEvent,
    Transfer,
    TransferStatus,
)
from .models.org import Role
from .models.tickets import OPEN_STATUSES
from .permissions import department_of, is_department_staff, role_of, sees_full_phone, sees_whole_center


def ticket_scope(user) -> QuerySet[Ticket]:
    qs = Ticket.objects.all()
    if not user or not user.is_authenticated:
        return qs.none()
    if sees_whole_center(user):
        return qs
    base = _base_scope(user)
    for ids in hooks.scope_extensions(user):
        base = Q(pk__in=ids) if base is None else base | Q(pk__in=ids)
    return qs.filter(base) if base is not None else qs.none()


def _base_scope(user) -> Q | None:
    """The tickets' own visibility rule for a user who does not see the whole center."""
    rules = _row_rules(user)
    base = None
    for rule in rules:
        base = Q(**rule) if base is None else base | Q(**rule)
    if role_of(user) == Role.AGENT:
        return base | Exists(TicketEvent.objects.filter(ticket=OuterRef("pk"), actor=user))
    if is_department_staff(user):
        transferred = Transfer.objects.filter(ticket=OuterRef("pk"), department=department_of(user))
        return base | Exists(transferred)
    return None


def _row_rules(user) -> list[dict]:
    """The part of `_base_scope` a ticket's own columns decide, as lookups that must all
    hold (any one rule grants): an agent's assigned, created and unassigned-open
    tickets, a department's own. Used as `Q(**rule)` in the scope, and by
    `ticket_visible` on a ticket already read, without a query."""
    role = role_of(user)
    if role == Role.AGENT:
        return [{"assignee_id": user.pk}, {"created_by_id": user.pk},
                {"assignee_id": None, "status__in": OPEN_STATUSES}]
    if is_department_staff(user):
        department = department_of(user)
        return [{"responsible_department_id": department.pk if department else None}]
    return []


def _row_matches(rule: dict, ticket: Ticket) -> bool:
    for lookup, wanted in rule.items():
        if lookup.endswith("__in"):
            if getattr(ticket, lookup[:-4]) not in wanted:
                return False
        elif getattr(ticket, lookup) != wanted:
            return False
    return True


def ticket_visible(user, ticket: Ticket) -> bool:
    """Is `ticket` in `ticket_scope(user)`? Decided from the ticket's own columns when
    they grant it (most tickets an agent or a department opens), otherwise asked of
    the scope itself: one rule, `ticket_scope`, whichever way it is answered."""
    if not user or not user.is_authenticated:
        return False
    if sees_whole_center(user) or any(_row_matches(rule, ticket) for rule in _row_rules(user)):
        return True
    return ticket_scope(user).filter(pk=ticket.pk).exists()


def _visible_or_404(user, qs: QuerySet[Ticket], pk) -> Ticket:
    """One ticket of `qs` (the whole table, with joins) by primary key, if `user` may see
    it: read by its key alone, then `ticket_visible` (a ticket's detail need not
    compile and plan the scope's ORs and EXISTS into its joined read); else a 404."""
    ticket = get_object_or_404(qs, pk=pk)
    if not ticket_visible(user, ticket):
        raise Http404
    return ticket


TICKET_LIST_JOINS = ("customer", "category", "category__parent", "assignee", "responsible_department")


def ticket_list(user) -> QuerySet[Ticket]:
    """The scoped ticket list with what list pages and the API show, without N+1."""
    return ticket_scope(user).select_related(*TICKET_LIST_JOINS)


def _detail_read() -> QuerySet[Ticket]:
    """Every ticket with what its detail shows (the list's joins and its creator), to be
    read by key through `_visible_or_404`."""
    return Ticket.objects.select_related(*TICKET_LIST_JOINS, "created_by")


def ticket_get(user, pk) -> Ticket:
    """One ticket in scope with what its detail shows (the list's joins and its creator)."""
    return _visible_or_404(user, _detail_read(), pk)


# What the API's ticket list reads (`tickets.api.serializers`). A list page
# answers many requests a second: its rows are read as values of the named columns,
# not as six model instances each, which halves the time Django spends on a page.
TICKET_ROW_FIELDS = (
    "id", "number", "title", "kind", "channel", "priority", "status", "created_at", "updated_at",
    "first_response_at", "resolved_at", "closed_at",
    "category_id", "category__code", "category__name", "category__name_en",
    "category__parent__name", "category__parent__name_en",
    "customer_id", "customer__name", "customer__phone", "customer__tier",
    "assignee_id", "assignee__username", "assignee__first_name", "assignee__last_name",
    "responsible_department_id", "responsible_department__code", "responsible_department__name",
    "responsible_department__name_en",
)


def ticket_rows(ids: list[int]) -> list[dict]:
    """Tickets as rows of `TICKET_ROW_FIELDS`, in the order of `ids`, for
    `tickets.api.serializers.ticket_row_representation`.

    A list page is read in two steps (`slacenter.pagination.CappedPaginator`): its ids
    first (the scope, the filters and the order on the ticket table alone; for pages
    inside the count cap, the ids the count read), then these rows with the joined
    names. In one query a row estimate that is far off (a search term, a filter on an
    annotation) made the planner nest loops over every joined table for thousands of
    candidate rows (211 ms for a page it can read in 5)."""
    rows = {row["id"]: row for row in Ticket.objects.filter(pk__in=ids).values(*TICKET_ROW_FIELDS)}
    return [rows[pk] for pk in ids if pk in rows]


def ticket_get_shown(user, pk) -> Ticket:
    """`ticket_get` for the API's detail: `has_comments`, `has_transfers` and
    `has_attachments` tell the caller which of the ticket's lists to read (most tickets
    have no transfer or attachment)."""
    qs = _detail_read().annotate(
        has_comments=Exists(Comment.objects.filter(ticket=OuterRef("pk"))),
        has_transfers=Exists(Transfer.objects.filter(ticket=OuterRef("pk"))),
        has_attachments=Exists(Attachment.objects.filter(ticket=OuterRef("pk"))),
    )
    return _visible_or_404(user, qs, pk)


def ticket_get_by_number(user, number: str) -> Ticket:
    return get_object_or_404(ticket_list(user), number=number)


def ticket_events(ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor").order_by("at", "id")


def ticket_comments(user, ticket: Ticket, *, with_attachments: bool = True):
    comments = ticket.comments.select_related("author").order_by("created_at", "id")
    return comments.prefetch_related("attachments") if with_attachments else comments


def ticket_transfers(ticket: Ticket):
    """Every transfer of a ticket, unredacted: for services. Pages and the API show a
    user `ticket_transfers_for(user, ticket)`."""
    return ticket.transfers.select_related(
        "department", "requested_by", "answered_by", "answer_rated_by",
    ).order_by("requested_at", "id")


# --- How much of a transfer a user sees ---------------------------------------------
#
# THE rule (README "Who sees what"): service-center staff and admins see every
# exchange with a department in full. A department sees its own exchanges in full and,
# of the other departments' exchanges on the same ticket, only that they exist: the
# department, the dates and the status — not the question, the answer or who wrote
# them. Each row carries the decision as `in_full`; serializers and templates follow
# it and never decide themselves. (A joint consultation will open other departments'
# exchanges to the invited ones by widening `transfer_full_q`, and only there.)

TRANSFER_EVENT_KINDS = (
    TicketEvent.Kind.TRANSFERRED, TicketEvent.Kind.TRANSFER_REPLIED, TicketEvent.Kind.TRANSFER_BOUNCED,
    TicketEvent.Kind.TRANSFER_RATED,
)


def transfer_full_q(user) -> Q | None:
    """The transfers `user` sees in full, as a Q over Transfer; None means all of them.
    A department sees its own exchanges in full, and every exchange of a ticket it was
    invited to look at through a scope extension (`hooks.register_scope_extension`,
    i.e. a joint consultation)."""
    if is_department_staff(user):
        rule = Q(department=department_of(user))
        for invited in hooks.scope_extensions(user):
            rule |= Q(ticket_id__in=invited)
        return rule
    if role_of(user) is None:
        return Q(pk__in=[])
    return None


def transfers_with_detail(user, qs: QuerySet[Transfer]) -> QuerySet[Transfer]:
    """`qs` with `in_full` decided per row by `transfer_full_q`."""
    rule = transfer_full_q(user)
    if rule is None:
        return qs.annotate(in_full=Value(True, output_field=BooleanField()))
    return qs.annotate(in_full=Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField()))


def ticket_transfers_for(user, ticket: Ticket) -> QuerySet[Transfer]:
    """A ticket's transfers as `user` may see them (each with `in_full`)."""
    return transfers_with_detail(user, ticket_transfers(ticket))


def ticket_events_for(user, ticket: Ticket) -> list[TicketEvent]:
    """A ticket's event log as `user` may see it: the transfer events of exchanges the
    user sees only in summary lose their text (`reason`) and their actor; every event
    carries `in_full`. Nothing is saved."""
    events = list(ticket_events(ticket))
    rule = transfer_full_q(user)
    hidden = set()
    if rule is not None and any(e.kind in TRANSFER_EVENT_KINDS for e in events):
        hidden = set(ticket.transfers.exclude(rule).values_list("pk", flat=True))
    for event in events:
        event.in_full = True
        if event.kind in TRANSFER_EVENT_KINDS and (rule is not None) and (
            not isinstance(event.data, dict) or event.data.get("transfer") in hidden or not event.data.get("transfer")
        ):
            event.in_full = False
            event.reason = ""
            event.actor = None
            event.data = {"department": event.data.get("department")} if isinstance(event.data, dict) else {}
    return events


def transfer_scope(user) -> QuerySet[Transfer]:
    """Transfers a user may see: those on tickets in scope; department staff only
    their own department's. Each row carries `in_full` (see `transfer_full_q`)."""
    qs = Transfer.objects.select_related("ticket", "ticket__customer", "department", "requested_by", "answered_by")
    if is_department_staff(user):
        return transfers_with_detail(user, qs.filter(department=department_of(user)))
    return transfers_with_detail(user, qs.filter(ticket__in=ticket_scope(user)))


def transfer_inbox(user) -> QuerySet[Transfer]:
    """The department inbox: our department's transfers, open ones first, oldest first."""
    if not is_department_staff(user) and not sees_whole_center(user):
        return Transfer.objects.none()
    qs = transfer_scope(user)
    return qs.order_by("status", "requested_at")


def transfer_get(user, pk) -> Transfer:
    return get_object_or_404(transfer_scope(user), pk=pk)


def transfers_awaiting(user) -> QuerySet[Transfer]:
    return transfer_inbox(user).filter(status=TransferStatus.OPEN)


def transfer_ratings_between(start, end, *, department_ids=None) -> dict[int, dict]:
    """Reply satisfaction per department (issue 11): the answers departments gave in
    [start, end) that the service center rated, as {department_id: {"satisfied": n,
    "rated": n}} (the current rating of each answer; departments without a rated
    answer are absent). Not user-scoped: the caller chooses the departments."""
    qs = Transfer.objects.filter(
        status=TransferStatus.REPLIED, answered_at__gte=start, answered_at__lt=end,
    ).exclude(answer_rating="")
    if department_ids is not None:
        qs = qs.filter(department_id__in=department_ids)
    rows = qs.values("department_id").annotate(
        rated=Count("id"), satisfied=Count("id", filter=Q(answer_rating=AnswerRating.SATISFIED)),
    ).order_by()
    return {r["department_id"]: {"satisfied": r["satisfied"], "rated": r["rated"]} for r in rows}


def attachment_get(user, pk) -> Attachment:
    """An attachment is visible exactly when its ticket is."""
    return get_object_or_404(Attachment.objects.filter(ticket__in=ticket_scope(user)), pk=pk)


def customer_scope(user) -> QuerySet[Customer]:
    """Service-center staff and admins see all customers; department staff see the
    customers of tickets in their scope."""
    if not user or not user.is_authenticated:
        return Customer.objects.none()
    if is_department_staff(user):
        return Customer.objects.filter(tickets__in=ticket_scope(user)).distinct()
    if role_of(user) is None:
        return Customer.objects.none()
    return Customer.objects.all()


def customer_match_q(user, term: str, prefix: str = "") -> Q:
    """The one rule for matching customers by a search term: name and e-mail for
    everyone, the phone number only for users who see it in full. A user who sees
    `138****5678` must not confirm the hidden digits from result counts, so no
    search, filter or sort anywhere may match a phone for them. `prefix` is the path
    to the customer (`"customer__"` from a ticket)."""
    q = Q(**{f"{prefix}name__icontains": term}) | Q(**{f"{prefix}email__icontains": term})
    if sees_full_phone(user):
        q |= Q(**{f"{prefix}phone__contains": term})
    return q


def customer_search(user, term: str, limit: int = 20) -> QuerySet[Customer]:
    term = (term or "").strip()
    qs = customer_scope(user)
    if not term:
        return qs.none()
    return qs.filter(customer_match_q(user, term))[:limit]


def customer_get(user, pk) -> Customer:
    return get_object_or_404(customer_scope(user), pk=pk)


def customer_history(user, customer: Customer) -> QuerySet[Ticket]:
    """The unified customer view: every ticket of theirs across channels, newest first,
    as far as the user's scope reaches."""
    return ticket_list(user).filter(customer=customer).order_by("-created_at", "-id")


def department_list() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True).select_related("head", "parent")


def transfer_targets() -> QuerySet[Department]:
    return department_list().filter(kind=Department.Kind.BUSINESS)


def category_list() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).select_related("parent", "default_department")


def reply_templates(category: Category | None = None) -> QuerySet[ReplyTemplate]:
    qs = ReplyTemplate.objects.filter(is_active=True).select_related("category")
    if category is not None:
        ids = [category.pk] + ([category.parent_id] if category.parent_id else [])
        qs = qs.filter(Q(category__isnull=True) | Q(category_id__in=ids))
    return qs


def notifications_for(user, *, now=None) -> QuerySet[Notification]:
    now = now or timezone.now()
    return Notification.objects.filter(recipient=user, deliver_after__lte=now).select_related("ticket")


def unread_notification_count(user, *, now=None) -> int:
    if not user.is_authenticated:
        return 0
    return notifications_for(user, now=now).filter(read_at__isnull=True).count()


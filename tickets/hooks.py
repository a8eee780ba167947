"""The extension points by which upper layers join tickets (without tickets importing them).

Everything here is registered once, in the upper app's `AppConfig.ready()`:

- `subscribe(handler)` — hear every ticket event, in the writing transaction (below).
- `coalesced()` — hold back deliveries during a bulk load, then hand each ticket's
  last event to the subscribers once.
- `register_transition_guard(fn)` — refuse a ticket move with a reason (e.g. closing
  a complaint before its loop is closed); checked by `ticket_transition` under the
  row lock; the refusal is a 409 with the reason in the API and a message on pages.
- `register_scope_extension(fn)` — widen who may see a ticket (e.g. departments
  invited to a joint consultation); OR'ed into `tickets.selectors.ticket_scope`.
- `register_ticket_panel(...)` / `register_queue_column(...)` — add to ticket pages.
- Event kinds of their own: `tickets.events.register_event_kind`, and events are
  recorded through `tickets.services.ticket_event_record`.

Ticket events

`tickets` knows nothing of SLAs or complaints. Every service that writes a
`TicketEvent` calls `publish(event)` right after inserting it, inside the same
database transaction. Upper layers register a handler once, in their
`AppConfig.ready()`:

    from tickets import hooks
    hooks.subscribe(sla.services.clocks.on_ticket_event)

Handlers run synchronously in that transaction, so what they derive (an SLA clock,
say) commits or rolls back together with the event. A handler must be quick and must
not call back into ticket services. There are no Django signals in the workflow.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

_subscribers: list[Callable] = []
_held: list[dict] = []  # a stack of {ticket id: last event} while coalesced() is active


def subscribe(handler: Callable) -> None:
    if handler not in _subscribers:
        _subscribers.append(handler)


def unsubscribe(handler: Callable) -> None:
    if handler in _subscribers:
        _subscribers.remove(handler)


def publish(event) -> None:
    if _held:
        _held[-1][event.ticket_id] = event
        return
    for handler in list(_subscribers):
        handler(event)


@contextmanager
def coalesced() -> Iterator[None]:
    """Hold back deliveries inside the block; on leaving it normally, deliver each
    ticket's last event once (subscribers that derive state from the whole log, like
    the SLA clocks, need no more). For bulk loading, inside one transaction."""
    _held.append({})
    try:
        yield
    except BaseException:
        _held.pop()
        raise
    last = _held.pop()
    for event in last.values():
        publish(event)


# --- Transition guards ------------------------------------------------------------------

_guards: list[Callable] = []


def register_transition_guard(guard: Callable) -> None:
    """`guard(*, ticket, action, target, actor, now) -> str | None`: a returned
    (translated) text refuses the move with that reason. `ticket` is the locked row."""
    if guard not in _guards:
        _guards.append(guard)


def unregister_transition_guard(guard: Callable) -> None:
    if guard in _guards:
        _guards.remove(guard)


def transition_refusal(*, ticket, action: str, target: str, actor, now) -> str | None:
    """The first guard's reason to refuse this move, or None."""
    for guard in list(_guards):
        reason = guard(ticket=ticket, action=action, target=target, actor=actor, now=now)
        if reason:
            return str(reason)
    return None


# --- Scope extensions -------------------------------------------------------------------

_scope_extensions: list[Callable] = []


def register_scope_extension(extension: Callable) -> None:
    """`extension(user)` names tickets this user may see beyond the base rules of
    `tickets.selectors` (never fewer), or returns None. Return a queryset of ticket ids
    (e.g. `Invitation.objects.filter(department=…, open=True).values("ticket_id")`):
    it is used as `id IN (…)`, one indexed lookup however many tickets there are. A `Q`
    over `Ticket` is accepted too, but costs a pass over the tickets wherever it is
    used inside another table's filter (transfers' visibility): prefer the ids."""
    if extension not in _scope_extensions:
        _scope_extensions.append(extension)


def unregister_scope_extension(extension: Callable) -> None:
    if extension in _scope_extensions:
        _scope_extensions.remove(extension)


def scope_extensions(user) -> list:
    """The ticket-id querysets that widen `user`'s ticket scope (a `Q` an extension
    returned becomes the ids of the tickets it matches)."""
    from django.db.models import Q

    from .models import Ticket

    found = []
    for extension in list(_scope_extensions):
        result = extension(user)
        if result is None:
            continue
        found.append(Ticket.objects.filter(result).values("pk") if isinstance(result, Q) else result)
    return found


# --- UI extension points -------------------------------------------------------------
# Upper layers add to ticket pages without tickets importing them (registered in
# their AppConfig.ready(), like event handlers).


class TicketPanel:
    """A panel on the ticket detail page: `template` is rendered with the context
    returned by `get_context(request, ticket)` (plus `ticket`)."""

    def __init__(self, name: str, template: str, get_context: Callable, order: int = 100):
        self.name, self.template, self.get_context, self.order = name, template, get_context, order


class QueueColumn:
    """A column in ticket queues. `annotate(queryset, now)` adds what the cell needs
    (e.g. the next SLA due time); `template` renders the cell for `ticket`;
    `sort_fields` maps a public sort key (e.g. "urgency") to an annotated field;
    `leading_sort`, an annotated field or a ticket field ("-" first for descending) every
    work queue (my queue, team queue) orders by first, whatever sort the user picked
    (e.g. the VIP green channel: "-customer_vip", which an index serves in order)."""

    def __init__(self, name: str, header, template: str, annotate: Callable, sort_fields: dict | None = None,
                 leading_sort: str | None = None):
        self.name, self.header, self.template, self.annotate = name, header, template, annotate
        self.sort_fields = sort_fields or {}
        self.leading_sort = leading_sort


ticket_panels: list[TicketPanel] = []
queue_columns: list[QueueColumn] = []


def register_ticket_panel(panel: TicketPanel) -> None:
    if all(p.name != panel.name for p in ticket_panels):
        ticket_panels.append(panel)
        ticket_panels.sort(key=lambda p: p.order)


def register_queue_column(column: QueueColumn) -> None:
    if all(c.name != column.name for c in queue_columns):
        queue_columns.append(column)

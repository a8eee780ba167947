"""The one hook by which upper layers learn what happens to tickets.

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

from collections.abc import Callable

_subscribers: list[Callable] = []


def subscribe(handler: Callable) -> None:
    if handler not in _subscribers:
        _subscribers.append(handler)


def unsubscribe(handler: Callable) -> None:
    if handler in _subscribers:
        _subscribers.remove(handler)


def publish(event) -> None:
    for handler in list(_subscribers):
        handler(event)


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
    `sort_fields` maps a public sort key (e.g. "urgency") to an annotated field."""

    def __init__(self, name: str, header, template: str, annotate: Callable, sort_fields: dict | None = None):
        self.name, self.header, self.template, self.annotate = name, header, template, annotate
        self.sort_fields = sort_fields or {}


ticket_panels: list[TicketPanel] = []
queue_columns: list[QueueColumn] = []


def register_ticket_panel(panel: TicketPanel) -> None:
    if all(p.name != panel.name for p in ticket_panels):
        ticket_panels.append(panel)
        ticket_panels.sort(key=lambda p: p.order)


def register_queue_column(column: QueueColumn) -> None:
    if all(c.name != column.name for c in queue_columns):
        queue_columns.append(column)

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

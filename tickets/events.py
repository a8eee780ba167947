"""Event kinds of the ticket log: the built-in ones (`TicketEvent.Kind`) and those
upper apps register for their own steps, e.g. in `ComplaintsConfig.ready()`:

    from tickets.events import register_event_kind
    register_event_kind("complaint.acknowledged", _("Complaint acknowledged"))

A registered kind is a namespaced code (`<app>.<step>`, at most 40 characters) with a
label for timelines and the API. `tickets.services.ticket_event_record` refuses an
unknown kind, so a typo cannot slip into the append-only log. Readers of the log (the
SLA derivation, say) match kinds by their code strings.
"""

import re

from .models import TicketEvent

_KIND_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")
MAX_KIND_LENGTH = 40

_registered: dict[str, object] = {}


def register_event_kind(code: str, label) -> None:
    """Register an upper app's event kind (idempotent for the same code)."""
    if not _KIND_CODE.match(code) or len(code) > MAX_KIND_LENGTH:
        raise ValueError(f"event kind {code!r}: use '<app>.<step>' in lowercase, at most {MAX_KIND_LENGTH} characters")
    if code in TicketEvent.Kind.values:
        raise ValueError(f"event kind {code!r} is built in")
    _registered[code] = label


def is_known_kind(code: str) -> bool:
    return code in TicketEvent.Kind.values or code in _registered


def kind_label(code: str) -> str:
    """The kind's label in the active language (the code itself if unknown, e.g. a
    kind whose app was removed: the log keeps it)."""
    if code in TicketEvent.Kind.values:
        return str(TicketEvent.Kind(code).label)
    label = _registered.get(code)
    return str(label) if label is not None else code


def registered_kinds() -> dict[str, str]:
    """Every known kind with its label (built-in first)."""
    kinds = {value: str(label) for value, label in TicketEvent.Kind.choices}
    kinds.update({code: str(label) for code, label in _registered.items()})
    return kinds

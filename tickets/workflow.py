"""The ticket state machine: one transition table. `ticket_transition` in
`tickets.services.workflow` is the only code that changes `Ticket.status`; it looks the
move up here and refuses anything not listed.

`manual` moves are offered as buttons and accepted by the transition endpoint;
the others are made by services (a transfer puts the ticket in "waiting on
department", the last department answer takes it out again).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models.tickets import TicketStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    label: str
    manual: bool = True
    reason_required: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("start", frozenset({S.NEW}), S.IN_PROGRESS, _("Start work")),
    Transition("wait_customer", frozenset({S.NEW, S.IN_PROGRESS}), S.WAITING_CUSTOMER, _("Wait on customer")),
    Transition("customer_responded", frozenset({S.WAITING_CUSTOMER}), S.IN_PROGRESS, _("Customer responded")),
    Transition("resolve", frozenset({S.NEW, S.IN_PROGRESS, S.WAITING_CUSTOMER}), S.RESOLVED, _("Resolve")),
    Transition("close", frozenset({S.RESOLVED}), S.CLOSED, _("Close")),
    Transition("cancel", frozenset({S.NEW}), S.CLOSED, _("Close as invalid"), reason_required=True),
    Transition("reopen", frozenset({S.RESOLVED, S.CLOSED}), S.IN_PROGRESS, _("Reopen"), reason_required=True),
    Transition(
        "await_department",
        frozenset({S.NEW, S.IN_PROGRESS, S.WAITING_CUSTOMER}),
        S.WAITING_DEPARTMENT,
        _("Wait on department"),
        manual=False,
    ),
    Transition(
        "department_answered", frozenset({S.WAITING_DEPARTMENT}), S.IN_PROGRESS, _("Department answered"), manual=False
    ),
)

_BY_ACTION = {t.action: t for t in TRANSITIONS}


def get_transition(action: str) -> Transition | None:
    return _BY_ACTION.get(action)


def allowed_transitions(status: str, *, manual_only: bool = True) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources and (t.manual or not manual_only)]


# Timestamps a move sets on the ticket; reopening clears the resolution ones.
STAMP_ON_ENTER = {S.RESOLVED: "resolved_at", S.CLOSED: "closed_at"}
CLEAR_ON_REOPEN = ("resolved_at", "closed_at")

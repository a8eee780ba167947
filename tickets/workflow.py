"""The ticket state machine: one transition table (`slacenter.workflow` machinery).
`ticket_transition` in `tickets.services.workflow` is the only code that changes
`Ticket.status`; it looks the move up here and refuses anything not listed. Upper apps
may further refuse a listed move with a transition guard (`tickets.hooks`).

`manual` moves are offered as buttons and accepted by the transition endpoint;
the others are made by services (a transfer puts the ticket in "waiting on
department", the last department answer takes it out again).
"""

from django.utils.translation import gettext_lazy as _

from slacenter.workflow import Transition, TransitionTable

from .models.tickets import TicketStatus as S

TICKET_WORKFLOW = TransitionTable(
    (
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
            "department_answered",
            frozenset({S.WAITING_DEPARTMENT}),
            S.IN_PROGRESS,
            _("Department answered"),
            manual=False,
        ),
    ),
    # Timestamps a move sets on the ticket; reopening clears the resolution ones.
    stamp_on_enter={S.RESOLVED: "resolved_at", S.CLOSED: "closed_at"},
    clear_on={"reopen": ("resolved_at", "closed_at")},
)

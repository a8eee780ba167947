"""Every write of the ticket core. Views, API, admin actions, tasks and commands call
these functions; the business rules live here. Each takes keyword arguments, `now`
among them (read once at the edge), and writes its TicketEvent rows."""

from .attachments import attachment_add
from .customers import customer_create, customer_update
from .events import ticket_event_record
from .notifications import (
    notification_mark_read,
    notification_send,
    notifications_create_bulk,
    notifications_dispatch,
)
from .org import department_create, ensure_role_groups, staff_create, staff_set_role
from .replies import comment_add
from .tickets import ticket_assign, ticket_create, ticket_update
from .transfers import transfer_answer, transfer_bounce, transfer_create, transfer_rate
from .workflow import ticket_transition

__all__ = [
    "attachment_add",
    "comment_add",
    "customer_create",
    "customer_update",
    "department_create",
    "ensure_role_groups",
    "notification_mark_read",
    "notification_send",
    "notifications_create_bulk",
    "notifications_dispatch",
    "staff_create",
    "staff_set_role",
    "ticket_assign",
    "ticket_create",
    "ticket_event_record",
    "ticket_transition",
    "ticket_update",
    "transfer_answer",
    "transfer_bounce",
    "transfer_create",
    "transfer_rate",
]

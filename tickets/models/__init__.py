"""The ticket core: organisation (departments, staff roles), customers, categories,
tickets with their append-only event log, comments, attachments, transfers to
departments, reply templates and in-app notifications."""

from .contacts import ContactChannel, ContactKind, ContactMessage, ContactRecord
from .customers import Customer
from .notifications import Notification
from .org import Department, Role, StaffProfile
from .tickets import (
    Attachment,
    Category,
    Channel,
    Comment,
    Priority,
    ReplyTemplate,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketKind,
    TicketStatus,
)
from .transfers import AnswerRating, Transfer, TransferStatus

__all__ = [
    "AnswerRating",
    "Attachment",
    "Category",
    "Channel",
    "Comment",
    "ContactChannel",
    "ContactKind",
    "ContactMessage",
    "ContactRecord",
    "Customer",
    "Department",
    "Notification",
    "Priority",
    "ReplyTemplate",
    "Role",
    "StaffProfile",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "TicketKind",
    "TicketStatus",
    "Transfer",
    "TransferStatus",
]

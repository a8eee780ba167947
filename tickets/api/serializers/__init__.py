"""Serializers of the ticket API, by area."""

from .common import StrictFieldsMixin
from .reference import (
    CategorySerializer,
    CustomerDetailSerializer,
    CustomerListSerializer,
    CustomerMaskedDetailSerializer,
    CustomerWriteSerializer,
    DepartmentSerializer,
    NotificationSerializer,
    ReplyTemplateSerializer,
)
from .tickets import (
    AssignSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    MarkedSerializer,
    NotificationReadSerializer,
    TicketCreateSerializer,
    TicketDetailSerializer,
    TicketListSerializer,
    TicketUpdateSerializer,
    TransitionSerializer,
)
from .transfers import (
    TransferAnswerSerializer,
    TransferBounceSerializer,
    TransferCreateSerializer,
    TransferInboxSerializer,
    TransferSerializer,
)

__all__ = [
    "AssignSerializer",
    "AttachmentSerializer",
    "AttachmentUploadSerializer",
    "CategorySerializer",
    "CommentCreateSerializer",
    "CommentSerializer",
    "CustomerDetailSerializer",
    "CustomerListSerializer",
    "CustomerMaskedDetailSerializer",
    "CustomerWriteSerializer",
    "DepartmentSerializer",
    "MarkedSerializer",
    "NotificationReadSerializer",
    "NotificationSerializer",
    "ReplyTemplateSerializer",
    "StrictFieldsMixin",
    "TicketCreateSerializer",
    "TicketDetailSerializer",
    "TicketListSerializer",
    "TicketUpdateSerializer",
    "TransferAnswerSerializer",
    "TransferBounceSerializer",
    "TransferCreateSerializer",
    "TransferInboxSerializer",
    "TransferSerializer",
    "TransitionSerializer",
]

"""The complaint closed loop: the complaint record on a ticket of kind complaint,
seat groups for routing, remedies with authority limits and approvals, the callback
task with its attempts, and the outbound-message outbox.

A package per area, so further complaint features (batch early warning, joint
consultation, root cause) add modules beside these."""

from .accountability import ComplaintFinding, FindingStatus, RootCause
from .callbacks import CallbackAttempt, CallbackOutcome, CallbackStatus, CallbackTask
from .complaints import Complaint, ComplaintStage, EscalationFlag, Severity
from .consultations import Consultation, ConsultationInvite, ConsultationStatus
from .improvements import ImprovementAction, ImprovementStatus
from .incidents import (
    BroadcastDelivery,
    ComplaintTag,
    EarlyWarningAlert,
    EarlyWarningRule,
    Incident,
    IncidentBroadcast,
    IncidentLink,
    IncidentStatus,
    LinkStatus,
    WarningDimension,
)
from .outbox import MessageChannel, MessageStatus, OutboundMessage
from .remedies import ApprovalRequest, ApprovalStatus, AuthorityLimit, Remedy, RemedyKind, RemedyStatus
from .routing import SeatGroup

__all__ = [
    "ImprovementAction", "ImprovementStatus",
    "Consultation", "ConsultationInvite", "ConsultationStatus",
    "ComplaintFinding", "FindingStatus", "RootCause",
    "BroadcastDelivery", "ComplaintTag", "EarlyWarningAlert", "EarlyWarningRule", "Incident", "IncidentBroadcast",
    "IncidentLink", "IncidentStatus", "LinkStatus", "WarningDimension",
    "ApprovalRequest", "ApprovalStatus", "AuthorityLimit", "CallbackAttempt", "CallbackOutcome", "CallbackStatus",
    "CallbackTask", "Complaint", "ComplaintStage", "EscalationFlag", "MessageChannel", "MessageStatus",
    "OutboundMessage", "Remedy", "RemedyKind", "RemedyStatus", "SeatGroup", "Severity",
]

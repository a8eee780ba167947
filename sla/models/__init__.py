"""SLA models: service calendars, internal agreements, policies, per-ticket clocks,
breaches and escalation. Each group lives in its own module."""

from .agreements import (
    Agreement,
    AgreementEvent,
    AgreementSignature,
    AgreementStatus,
    AgreementVersion,
    Indicator,
    IndicatorOverride,
    PenaltyClause,
    ServiceItem,
)
from .calendars import CalendarOverride, CalendarVersion, ServiceCalendar
from .clocks import Breach, ClockState, EscalationLog, TicketClock
from .outbox import EscalationAction, OutboxState, RecomputeRequest
from .policies import ClockMetric, EscalationRule, SlaPolicy

__all__ = [
    "Agreement",
    "AgreementEvent",
    "AgreementSignature",
    "AgreementStatus",
    "AgreementVersion",
    "Breach",
    "CalendarOverride",
    "CalendarVersion",
    "ClockMetric",
    "ClockState",
    "EscalationAction",
    "EscalationLog",
    "EscalationRule",
    "Indicator",
    "IndicatorOverride",
    "OutboxState",
    "PenaltyClause",
    "RecomputeRequest",
    "ServiceCalendar",
    "ServiceItem",
    "SlaPolicy",
    "TicketClock",
]

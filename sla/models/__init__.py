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

__all__ = [
    "Agreement",
    "AgreementEvent",
    "AgreementSignature",
    "AgreementStatus",
    "AgreementVersion",
    "CalendarOverride",
    "CalendarVersion",
    "Indicator",
    "IndicatorOverride",
    "PenaltyClause",
    "ServiceCalendar",
    "ServiceItem",
]

"""SLA models: service calendars, internal agreements, policies, per-ticket clocks,
breaches and escalation. Each group lives in its own module."""

from .calendars import CalendarOverride, CalendarVersion, ServiceCalendar

__all__ = ["CalendarOverride", "CalendarVersion", "ServiceCalendar"]

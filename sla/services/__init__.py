"""Every write of the SLA layer, one module per area: `calendars`, `agreements`,
`clocks` (derivation from the ticket event log), `sweep` (breaches and escalation).
Import from the module: `from sla.services.calendars import calendar_version_create`."""

"""Reads of the SLA layer, one module per area: `agreements`, `calendars`, `clocks`."""

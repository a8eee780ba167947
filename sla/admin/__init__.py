from . import agreements, calendars, clocks, outbox  # noqa: F401 - registers the ModelAdmins

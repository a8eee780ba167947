from . import agreements, calendars, clocks  # noqa: F401 - registers the ModelAdmins

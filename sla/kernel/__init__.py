"""Business-time kernel: the only place in the codebase that does business-time arithmetic.

Pure functions, no ORM, no clock of their own (``now`` is always passed in).
``calendar`` holds the model (a :class:`Calendar` of working windows, overrides and the
boundary rules); ``arith`` the public arithmetic over it. Not to be confused with the
service-calendar *models* (``sla.models.calendars``) or with ``sla.kernel_calendars``,
which turns a department's service calendar into a kernel :class:`Calendar`.
"""

from .arith import add, add_days, elapsed, explain, is_working, segments
from .calendar import Calendar

__all__ = ["Calendar", "add", "add_days", "elapsed", "explain", "is_working", "segments"]

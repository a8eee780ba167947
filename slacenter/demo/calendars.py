"""Demo service calendars: the default calendar of every department (the service
center 08:00-22:00 every day, working through holidays; business departments
Mon-Fri 09:00-12:00 and 13:30-18:00 with China's holidays), with the statutory
holidays and make-up workdays of 2026, of `ctx.now`'s year and of the next one.
Through the services; idempotent (a second run finds everything in place).

Puts into `ctx.data`: "calendars" {department code: ServiceCalendar}.
"""

from django.utils import timezone

from sla.services.calendars import calendar_default_for_department, calendar_import_statutory
from tickets.models import Department

from . import DemoContext

DEMO_YEAR = 2026


def run(ctx: DemoContext) -> None:
    departments = ctx.data.get("departments") or {d.code: d for d in Department.objects.filter(is_active=True)}
    year = timezone.localtime(ctx.now).year
    calendars = {}
    for code, department in departments.items():
        calendar = calendar_default_for_department(department=department, now=ctx.now)
        if calendar.observes_statutory_holidays:
            for y in sorted({DEMO_YEAR, year, year + 1}):
                # A demo calendar has no history yet: earlier days of the year are filled in too.
                calendar_import_statutory(actor=None, system=True,
                                          calendar=calendar, year=y, now=ctx.now, include_past=True)
            calendar.refresh_from_db()
        calendars[code] = calendar
    ctx.data["calendars"] = calendars

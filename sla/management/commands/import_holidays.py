"""manage.py import_holidays --year 2026 [--calendar ID | --all]

Import China's statutory holidays and make-up workdays of a year (from the
`holidays` package) into the calendars that observe them, and print the review list."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sla.models import ServiceCalendar
from sla.services.calendars import calendar_import_statutory
from slacenter.errors import DomainError


class Command(BaseCommand):
    help = "Import China's statutory holidays and make-up workdays of a year into service calendars."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--calendar", type=int, help="one calendar id")
        target.add_argument("--all", action="store_true",
                            help="every active calendar that observes statutory holidays (the default)")

    def handle(self, *args, year, calendar=None, all=False, **options):  # noqa: A002 - the option's name
        now = timezone.now()
        if calendar is not None:
            calendars = list(ServiceCalendar.objects.filter(pk=calendar))
            if not calendars:
                raise CommandError(f"No calendar with id {calendar}.")
        else:
            calendars = list(ServiceCalendar.objects.filter(is_active=True, observes_statutory_holidays=True))
        failed = False
        for cal in calendars:
            try:
                summary = calendar_import_statutory(actor=None, system=True, calendar=cal, year=year, now=now)
            except DomainError as exc:
                self.stderr.write(f"{cal} (#{cal.pk}): {exc.message}")
                failed = True
                continue
            self.stdout.write(
                f"{cal} (#{cal.pk}) {year}: {len(summary.added)} added, {len(summary.changed)} changed, "
                f"{len(summary.unchanged)} unchanged, {len(summary.removed)} removed, "
                f"{len(summary.kept_manual)} kept (entered by hand), {len(summary.skipped_past)} past days left alone"
            )
            for override in cal.overrides.filter(date__year=year, source="imported").order_by("date"):
                hours = ", ".join(f"{a}-{b}" for a, b in override.hours) or "closed"
                line = f"  {override.date} {override.kind:15} {override.name} / {override.name_en} [{hours}]"
                self.stdout.write(line)
        if failed:
            raise CommandError("Some calendars were not imported (see above).")

"""`manage.py close_month [YYYY-MM]`: close (or re-close) an open month; default the
previous month. The same service the beat task and the page button call."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.services import month_close
from reports.sources import previous_month
from slacenter.errors import DomainError


class Command(BaseCommand):
    help = "Close an open month (default: the previous month) for every agreement in force."

    def add_arguments(self, parser):
        parser.add_argument("month", nargs="?", help="YYYY-MM (default: last month)")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["month"]:
            try:
                month = date.fromisoformat(f"{options['month']}-01")
            except ValueError:
                raise CommandError("month must look like 2026-03") from None
        else:
            month = previous_month(timezone.localdate(now))
        try:
            report_month = month_close(month=month, system=True, now=now)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        closes = report_month.closes.select_related("version__agreement")
        for close in closes:
            state = "achieved" if close.achieved else "missed"
            self.stdout.write(f"{close.version}: {state}, {close.indicators_missed} indicator(s) missed, "
                              f"penalties ¥{close.penalty_total}")
        self.stdout.write(self.style.SUCCESS(f"{report_month} closed ({closes.count()} agreement(s))."))

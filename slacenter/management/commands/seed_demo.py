"""`manage.py seed_demo`: load the demo data by running the steps listed in
`slacenter.demo.STEPS` in order. Deterministic and idempotent: a second run adds
nothing."""

import importlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from slacenter.demo import DEFAULT_CUSTOMERS, DEFAULT_TICKETS, STEPS, DemoContext


class Command(BaseCommand):
    help = "Load demo departments, users, calendars, agreements, policies, customers and tickets (idempotent)."

    def add_arguments(self, parser):
        # The default set shows every feature and loads in well under a minute, so a fresh
        # `make run` is up quickly; `--tickets 5000 --customers 500` is a center's full two months.
        parser.add_argument("--tickets", type=int, default=DEFAULT_TICKETS,
                            help=f"How many demo tickets (default {DEFAULT_TICKETS}).")
        parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS,
                            help=f"How many demo customers (default {DEFAULT_CUSTOMERS}).")
        parser.add_argument("--days", type=int, default=60, help="Spread tickets over this many past days.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (default: the built-in one).")

    def handle(self, *args, **options):
        for name in ("tickets", "customers", "days"):
            if options[name] < 0 or (name == "days" and options[name] == 0):
                raise CommandError(f"--{name} must be positive.")
        ctx = DemoContext(now=timezone.now())
        if options["seed"] is not None:
            ctx.rng_seed = options["seed"]
        ctx.data["options"] = {name: options[name] for name in ("tickets", "customers", "days")}
        started = time.monotonic()
        for step in STEPS:
            step_started = time.monotonic()
            self.stdout.write(f"{step} …")
            importlib.import_module(step).run(ctx)
            self.stdout.write(f"  done in {time.monotonic() - step_started:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))

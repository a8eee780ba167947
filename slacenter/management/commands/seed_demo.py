"""`manage.py seed_demo`: load the demo data by running the steps listed in
`slacenter.demo.STEPS` in order. Deterministic and idempotent: a second run adds
nothing."""

import importlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from slacenter.demo import STEPS, DemoContext


class Command(BaseCommand):
    help = "Load demo departments, users, calendars, agreements, policies, customers and tickets (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, default=5000, help="How many demo tickets (default 5000).")
        parser.add_argument("--customers", type=int, default=500, help="How many demo customers (default 500).")
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

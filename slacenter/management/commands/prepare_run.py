"""`manage.py prepare_run`: everything `make run` does before it starts the processes —
compile the translations, migrate, collect the static files, load the demo data — in
one process (each `manage.py` start loads Django and every app again: seconds on a
busy machine). Each step is also a command of its own (see the Makefile)."""

import time

from asgiref.local import Local
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import trans_real


class Command(BaseCommand):
    help = "Compile translations, migrate, collect static files and load the demo data (what `make run` needs)."

    def add_arguments(self, parser):
        parser.add_argument("--no-seed", action="store_true", help="Skip the demo data.")

    def handle(self, *args, **options):
        steps = [
            ("compile_translations", {}),
            ("migrate", {"interactive": False, "verbosity": 0}),
            ("collectstatic", {"interactive": False, "verbosity": 0}),
        ]
        if not options["no_seed"]:
            steps.append(("seed_demo", {}))
        for name, kwargs in steps:
            started = time.monotonic()
            call_command(name, stdout=self.stdout, stderr=self.stderr, **kwargs)
            if name == "compile_translations":
                _forget_loaded_catalogs()
            self.stdout.write(f"{name}: {time.monotonic() - started:.1f} s")


def _forget_loaded_catalogs() -> None:
    """Catalogs read before the .mo files existed would stay cached (empty) for the rest
    of this process: drop them, as Django's own setting_changed receiver does for
    LOCALE_PATHS."""
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    trans_real.translation_catalog_exists.cache_clear()

"""`manage.py compile_translations`: compile every `locale/*/LC_MESSAGES/*.po` to `.mo`
with polib, so a fresh machine needs no GNU gettext (`compilemessages` would)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po files to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        po_files = sorted(
            path for locale_dir in settings.LOCALE_PATHS for path in Path(locale_dir).glob("*/LC_MESSAGES/*.po")
        )
        if not po_files:
            self.stdout.write("No .po files yet; nothing to compile.")
            return
        for po_path in po_files:
            try:
                catalog = polib.pofile(str(po_path))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po_path}: {exc}") from exc
            mo_path = po_path.with_suffix(".mo")
            catalog.save_as_mofile(str(mo_path))
            self.stdout.write(f"{po_path} → {mo_path.name} ({catalog.percent_translated()}% translated)")

"""`manage.py compile_translations`: compile every `locale/*/LC_MESSAGES/*.po` to `.mo`
with polib, so a fresh machine needs no GNU gettext (`compilemessages` would).

Both the project catalog (`LOCALE_PATHS`) and each app's own `<app>/locale/` are
compiled; Django merges them at run time (project catalog first)."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po files to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        locale_dirs = [Path(d) for d in settings.LOCALE_PATHS]
        locale_dirs += app_locale_dirs()
        po_files = sorted({path for locale_dir in locale_dirs for path in locale_dir.glob("*/LC_MESSAGES/*.po")})
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


def app_locale_dirs() -> list[Path]:
    return [Path(app.path) / "locale" for app in apps.get_app_configs() if _is_project_app(app)]


def _is_project_app(app) -> bool:
    """Our own apps (their catalogs are ours to compile), not installed packages."""
    path = Path(app.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and "site-packages" not in path.parts

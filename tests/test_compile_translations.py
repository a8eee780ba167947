"""`manage.py compile_translations` turns .po catalogs into .mo files that gettext
reads, without GNU gettext; with no catalog it says so and succeeds."""

import gettext
from io import StringIO

import pytest
from django.core.management import call_command

from slacenter.management.commands import compile_translations

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Ticket"
msgstr "工单"

#, fuzzy
msgid "Draft"
msgstr "草稿"
"""


@pytest.fixture(autouse=True)
def _no_app_catalogs(monkeypatch):
    """Only the catalogs each test lays out (apps' own catalogs are tested apart)."""
    monkeypatch.setattr(compile_translations, "app_locale_dirs", lambda: [])


def test_compiles_every_po_file(tmp_path, settings):
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(PO, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    out = StringIO()
    call_command("compile_translations", stdout=out)
    with (folder / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    assert catalog.gettext("Ticket") == "工单"
    assert catalog.gettext("Draft") == "Draft"  # fuzzy entries are not compiled in
    assert "django.mo" in out.getvalue()


def test_no_po_files_is_fine(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    out = StringIO()
    call_command("compile_translations", stdout=out)
    assert "nothing to compile" in out.getvalue()
    assert not list(tmp_path.rglob("*.mo"))


def test_compiles_app_catalogs(tmp_path, settings, monkeypatch):
    folder = tmp_path / "app" / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(PO, encoding="utf-8")
    settings.LOCALE_PATHS = []
    monkeypatch.setattr(compile_translations, "app_locale_dirs", lambda: [tmp_path / "app" / "locale"])
    call_command("compile_translations", stdout=StringIO())
    assert (folder / "django.mo").exists()

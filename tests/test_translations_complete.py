"""Every entry of every real catalog (the project's `locale/` and each app's own
`<app>/locale/`) is translated: no empty msgstr, no fuzzy entry, every plural form
filled, and the same placeholders on both sides. polib only (no GNU gettext needed).

A gap is found by `makemessages` into a copy of the tree (see README, translations);
this test keeps what has been translated from silently going stale or half-done."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from slacenter.management.commands.compile_translations import app_locale_dirs

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdifr]")
BRACES = re.compile(r"\{(\w*)\}")


def real_catalogs() -> list[Path]:
    dirs = [Path(d) for d in settings.LOCALE_PATHS] + app_locale_dirs()
    return sorted({po for d in dirs for po in d.glob("*/LC_MESSAGES/*.po")})


def placeholders(text: str) -> tuple:
    text = text.replace("%%", "")
    named = sorted(NAMED.findall(text))
    positional = len(POSITIONAL.findall(NAMED.sub("", text)))
    return named, positional, sorted(BRACES.findall(text))


def problems(catalog: polib.POFile) -> list[str]:
    """One line per entry that would show English (or a broken message) in the UI."""
    found = []
    for entry in catalog:
        if entry.obsolete:
            continue
        label = f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {label}")
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural or {}
            if not forms or not all(v.strip() for v in forms.values()):
                found.append(f"plural form missing: {label}")
                continue
            pairs = [(entry.msgid_plural, v) for v in forms.values()]
        else:
            if not entry.msgstr.strip():
                found.append(f"untranslated: {label}")
                continue
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if placeholders(source) != placeholders(translation):
                found.append(f"placeholders differ: {label} -> {translation!r}")
    return found


def test_project_and_app_catalogs_are_found():
    names = {po.parent.parent.parent.parent.name for po in real_catalogs()}
    assert {"complaints", "qa", "reports"} <= names
    assert any(po.is_relative_to(Path(settings.BASE_DIR) / "locale") for po in real_catalogs())


@pytest.mark.parametrize("po_path", real_catalogs(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_entry_is_translated(po_path):
    catalog = polib.pofile(str(po_path))
    assert len(catalog) > 50
    assert problems(catalog) == []


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Ticket"
msgstr "工单"

msgid "Draft"
msgstr ""

#, fuzzy
msgid "Closed"
msgstr "结案"

msgid "%(count)s tickets late"
msgstr "%(n)s 张工单超时"

msgid "Service level %%"
msgstr "服务水平 %%"

msgctxt "qa"
msgid "Dispute"
msgstr "申诉"

msgid "one ticket"
msgid_plural "%(count)s tickets"
msgstr[0] ""
"""


def test_gaps_are_reported(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(PO, encoding="utf-8")
    found = problems(polib.pofile(str(path)))
    assert found == [
        "untranslated: 'Draft'",
        "fuzzy: 'Closed'",
        "placeholders differ: '%(count)s tickets late' -> '%(n)s 张工单超时'",
        "plural form missing: 'one ticket'",
    ]

"""Every entry of every real catalog (the project's `locale/` and each app's own
`<app>/locale/`) is translated: no empty msgstr, no fuzzy entry, every plural form
filled, and the same placeholders on both sides. polib only (no GNU gettext needed).

A gap is found by `makemessages` into a copy of the tree (see README, translations);
this test keeps what has been translated from silently going stale or half-done.
It also reads the literal msgids in the sources (`_("…")`, `pgettext("ctx", "…")`, …
in Python; `{% translate "…" [context "…"] %}`, `{% blocktranslate %}` and `_("…")` in
templates) and fails when one is in no catalog: add its Chinese with `scripts/i18n_add.py`."""

import ast
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
    assert {"complaints", "qa", "reports", "knowledge"} <= names
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


GETTEXT_CALLS = {  # name -> (index of the context argument or None, index of the msgid)
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
TRANSLATE_TAG = re.compile(r"""\{%\s*(?:trans|translate)\s+(?P<q>["'])(?P<msg>.*?)(?P=q)(?P<rest>[^%]*)%\}""")
TAG_CONTEXT = re.compile(r"""context\s+(?P<q>["'])(?P<ctx>.*?)(?P=q)""")
TEMPLATE_UNDERSCORE = re.compile(r"""\b_\((?P<q>["'])(?P<msg>.*?)(?P=q)\)""")
BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<args>.*?)%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
BLOCK_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
BLOCK_PLURAL = re.compile(r"\{%\s*plural\s*%\}")
NOT_SCANNED = {".venv", ".git", "tests", "bench", "var", "node_modules", "migrations", "static", "locale", "scripts"}


def _sources(root: Path, suffix: str):
    for path in sorted(root.rglob(f"*.{suffix}")):
        if not NOT_SCANNED.intersection(path.relative_to(root).parts[:-1]):
            yield path


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_msgids(root: Path) -> dict[tuple, str]:
    """{(msgctxt, msgid): "file:line"} of the literal msgids in the sources under root."""
    found = {}
    for path in _sources(root, "py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in GETTEXT_CALLS or len(node.args) <= GETTEXT_CALLS[name][1]:
                continue
            ctx_at, msg_at = GETTEXT_CALLS[name]
            msgid = _literal(node.args[msg_at])
            context = _literal(node.args[ctx_at]) if ctx_at is not None else None
            if msgid and (ctx_at is None or context is not None):
                found.setdefault((context, msgid), f"{path.relative_to(root)}:{node.lineno}")
    for path in _sources(root, "html"):
        text = path.read_text(encoding="utf-8")
        for match in TRANSLATE_TAG.finditer(text):
            context = TAG_CONTEXT.search(match["rest"])
            line = text.count("\n", 0, match.start()) + 1
            # The template tag looks a msgid up with its % doubled (as makemessages writes it).
            key = (context["ctx"] if context else None, match["msg"].replace("%", "%%"))
            found.setdefault(key, f"{path.relative_to(root)}:{line}")
        for match in TEMPLATE_UNDERSCORE.finditer(text):
            found.setdefault(
                (None, match["msg"]), f"{path.relative_to(root)}:{text.count(chr(10), 0, match.start()) + 1}"
            )
        for match in BLOCK_TAG.finditer(text):
            context = TAG_CONTEXT.search(match["args"])
            line = text.count("\n", 0, match.start()) + 1
            key = (context["ctx"] if context else None, _block_msgid(match["body"], "trimmed" in match["args"]))
            found.setdefault(key, f"{path.relative_to(root)}:{line}")
    return found


def _block_msgid(body: str, trimmed: bool) -> str:
    """The msgid of a blocktranslate body (its singular), as Django builds it."""
    body = BLOCK_PLURAL.split(body)[0]
    parts, end = [], 0
    for variable in BLOCK_VARIABLE.finditer(body):
        parts += [body[end : variable.start()].replace("%", "%%"), f"%({variable[1]})s"]
        end = variable.end()
    msgid = "".join([*parts, body[end:].replace("%", "%%")])
    return re.sub(r"\s*\n\s*", " ", msgid.strip()) if trimmed else msgid


def translated_keys() -> set[tuple]:
    keys = set()
    for po_path in real_catalogs():
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete and "fuzzy" not in entry.flags:
                if entry.msgstr.strip() or any(v.strip() for v in (entry.msgstr_plural or {}).values()):
                    keys.add((entry.msgctxt, entry.msgid))
    return keys


def test_every_msgid_in_the_sources_is_translated():
    found = source_msgids(Path(settings.BASE_DIR))
    assert len(found) > 1000  # the scan does read the project
    done = translated_keys()
    missing = sorted(
        f"{where}: {key[1]!r}" + (f" (context {key[0]!r})" if key[0] else "")
        for key, where in found.items()
        if key not in done
    )
    assert missing == [], "no Chinese for these (add it with scripts/i18n_add.py):\n" + "\n".join(missing)


def test_the_source_scan_reads_python_and_templates(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        "from django.utils.translation import gettext as _, pgettext_lazy\n"
        'A = _("Ticket")\nB = pgettext_lazy("qa dispute", "Dispute")\nC = _(name)\n',
        encoding="utf-8",
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% translate "Service level %" %}{% trans \'Answered\' context "contact records" %}'
        '{% translate variable %}{{ x|default:_("None") }}'
        "{% blocktranslate trimmed with n=count %}\n  {{ n }} late,\n  100% done\n{% endblocktranslate %}"
        '{% blocktranslate count c=n context "qa" %}one{% plural %}{{ c }} items{% endblocktranslate %}',
        encoding="utf-8",
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text('_("Not scanned")\n', encoding="utf-8")
    assert set(source_msgids(tmp_path)) == {
        (None, "Ticket"),
        ("qa dispute", "Dispute"),
        (None, "Service level %%"),
        ("contact records", "Answered"),
        (None, "None"),
        (None, "%(n)s late, 100%% done"),
        ("qa", "one"),
    }

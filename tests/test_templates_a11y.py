"""Cheap static checks over every template of every app (the browser test runs axe on
the main pages; these catch the same mistakes in pages it does not visit)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")
UNNAMED_NAV = re.compile(r"<nav(?![^>]*aria-label)[^>]*>")
INLINE_CODE = re.compile(r"<style[\s>]|<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"")


def templates():
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            yield path.relative_to(ROOT), path.read_text(encoding="utf-8")


def test_there_are_templates_to_check():
    assert sum(1 for _ in templates()) > 30


def test_no_empty_table_headers():
    """A column of buttons still needs a header a screen reader can read (sr-only)."""
    found = [f"{path}:{text[:m.start()].count(chr(10)) + 1}" for path, text in templates()
             for m in EMPTY_HEADER.finditer(text)]
    assert not found, found


def test_every_nav_landmark_is_named():
    found = [f"{path}: {m.group(0)}" for path, text in templates() for m in UNNAMED_NAV.finditer(text)]
    assert not found, found


def test_no_inline_styles_or_scripts():
    """The Content-Security-Policy allows neither (static/css and static/js instead)."""
    found = [f"{path}: {m.group(0).strip()}" for path, text in templates() for m in INLINE_CODE.finditer(text)
             if "api_docs.html" not in str(path)]
    assert not found, found

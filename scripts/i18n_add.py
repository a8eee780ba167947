#!/usr/bin/env python
"""Add or update translations in a gettext catalog, safely while others do the same.

    .venv/bin/python scripts/i18n_add.py strings.json                  # the project catalog
    .venv/bin/python scripts/i18n_add.py --catalog complaints strings.json   # complaints/locale/…
    echo '{"Approve": "批准"}' | .venv/bin/python scripts/i18n_add.py -

The JSON is either an object {msgid: msgstr} or a list of objects with `msgid`,
`msgstr` and optional `msgctxt`, `msgid_plural`, `msgstr_plural` ({"0": "…"}).
An existing entry is updated (its msgstr replaced, fuzzy cleared). The catalog is
locked (flock) for the read-modify-write, so concurrent runs never lose entries.
"""

import argparse
import fcntl
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
HEADER = {
    "Project-Id-Version": "slacenter",
    "Language": "zh_Hans",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def catalog_path(name: str, language: str) -> Path:
    base = ROOT / "locale" if name in ("", "project") else ROOT / name / "locale"
    return base / language / "LC_MESSAGES" / "django.po"


def merge(path: Path, items: list[dict]) -> tuple[int, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_suffix(".po.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            catalog = polib.pofile(str(path), wrapwidth=0)
        else:
            catalog = polib.POFile(wrapwidth=0)
            catalog.metadata = dict(HEADER)
        added = updated = 0
        for item in items:
            entry = catalog.find(item["msgid"], msgctxt=item.get("msgctxt"))
            if entry is None:
                entry = polib.POEntry(msgid=item["msgid"], msgctxt=item.get("msgctxt"))
                if item.get("msgid_plural"):
                    entry.msgid_plural = item["msgid_plural"]
                catalog.append(entry)
                added += 1
            else:
                updated += 1
            if item.get("msgid_plural"):
                entry.msgid_plural = item["msgid_plural"]
                entry.msgstr_plural = {int(k): v for k, v in item["msgstr_plural"].items()}
            else:
                entry.msgstr = item["msgstr"]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(path))
        fcntl.flock(lock, fcntl.LOCK_UN)
    return added, updated


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="JSON file, or - for standard input")
    parser.add_argument("--catalog", default="project", help="'project' (locale/) or an app name (<app>/locale/)")
    parser.add_argument("--language", default="zh_Hans")
    args = parser.parse_args()
    raw = sys.stdin.read() if args.source == "-" else Path(args.source).read_text(encoding="utf-8")
    data = json.loads(raw)
    items = [{"msgid": k, "msgstr": v} for k, v in data.items()] if isinstance(data, dict) else data
    path = catalog_path(args.catalog, args.language)
    added, updated = merge(path, items)
    print(f"{path.relative_to(ROOT)}: {added} added, {updated} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""CSV and XLSX files of contact records → rows for `contacts_import`.

The first row is the header (the names in `contacts.COLUMNS`, plus an optional
`messages` column holding the session's messages as JSON). Times without an offset
are the center's local time. A file that cannot be read is a DomainError; bad rows are
reported row by row by the import service (row numbers count data rows from 1)."""

import csv
import io
import json
from datetime import datetime

from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from .contacts import COLUMNS, contacts_import

KNOWN = set(COLUMNS) | {"messages"}


def _header(cells) -> list[str]:
    header = [str(c or "").strip().lower() for c in cells]
    unknown = [h for h in header if h and h not in KNOWN]
    if unknown:
        raise DomainError(_("Unknown column(s): %(names)s. Known: %(known)s.")
                          % {"names": ", ".join(unknown), "known": ", ".join(sorted(KNOWN))}, code="bad_file")
    for required in ("external_id", "channel", "offered_at"):
        if required not in header:
            raise DomainError(_("The header has no “%(name)s” column.") % {"name": required}, code="bad_file")
    return header


def _with_messages(row: dict) -> dict:
    raw = row.get("messages")
    if isinstance(raw, str) and raw.strip():
        try:
            row["messages"] = json.loads(raw)
        except ValueError:
            row["messages"] = "invalid"  # reported by the validator as a bad messages cell
    return row


def rows_from_csv(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise DomainError(_("The file is neither UTF-8 nor GB18030 text."), code="bad_file") from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = _header(next(reader))
    except StopIteration:
        raise DomainError(_("The file is empty."), code="bad_file") from None
    for cells in reader:
        if any(c.strip() for c in cells):
            yield _with_messages(dict(zip(header, cells, strict=False)))


def rows_from_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a broken file
        raise DomainError(_("The file is not a readable XLSX workbook."), code="bad_file") from None
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    try:
        header = _header(next(cells))
    except StopIteration:
        raise DomainError(_("The file is empty."), code="bad_file") from None
    for values in cells:
        if any(v not in (None, "") for v in values):
            row = {h: (v.isoformat() if isinstance(v, datetime) else v) for h, v in zip(header, values, strict=False)
                   if h}
            yield _with_messages(row)


def contacts_import_file(*, name: str, data: bytes, actor, source: str | None = None, now=None):
    """Import a CSV or XLSX file (by its extension) through `contacts_import`."""
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        rows = rows_from_xlsx(data)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        rows = rows_from_csv(data)
    else:
        raise DomainError(_("Upload a .csv or .xlsx file."), code="bad_file")
    return contacts_import(rows=rows, actor=actor, source=source, now=now)

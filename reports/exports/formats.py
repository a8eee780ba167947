"""CSV and XLSX writers. A text cell starting with `= + - @`, a tab or a carriage
return would be read as a formula by a spreadsheet: it is neutralised with a leading
apostrophe. Numbers stay numbers. CSV is streamed row by row; XLSX is written in
openpyxl's write-only mode to a temporary file and streamed from it."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def safe_csv_cell(value) -> str:
    value = safe_cell(value)
    return value if isinstance(value, str) else str(value)


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel opens UTF-8 Chinese correctly
    yield writer.writerow([safe_csv_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([safe_csv_cell(v) for v in row])


def write_xlsx(path, headers: list[str], rows: Iterable[list], *, title: str = "report", progress=None) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "report")
    sheet.append([safe_cell(h) for h in headers])
    count = 0
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        count += 1
        if progress and count % 500 == 0:
            progress(count)
    book.save(path)
    return count


def csv_response(filename: str, headers, rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, headers, rows) -> FileResponse:
    handle = tempfile.TemporaryFile()
    write_xlsx(handle, headers, rows, title=filename)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

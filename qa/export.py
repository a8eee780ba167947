"""The month's performance as an XLSX workbook: one row per agent the user may see
(ranking, score, band, pay) and a sheet with every breakdown line."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from .display import line_label


def performance_xlsx(rows, month) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")[:31]
    sheet.append([pgettext("performance ranking", "Rank"), _("Agent"), _("Performance score"), _("Pay band"),
                  _("Performance pay")])
    for row in rows:
        sheet.append([row.rank, row.agent.username, None if row.score is None else float(row.score), row.band,
                      float(row.pay)])
    lines = book.create_sheet(_("Breakdown")[:31])
    lines.append([_("Agent"), _("Line"), _("Figure"), _("Weight"), _("Amount"), _("Note")])
    for row in rows:
        for line in row.lines:
            if line.get("key") == "facts":
                continue
            lines.append([row.agent.username, str(line_label(line["key"])), line.get("figure"), line.get("weight"),
                          line.get("amount"), line.get("note")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

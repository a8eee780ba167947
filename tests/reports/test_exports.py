"""Exports: cells that a spreadsheet would run as formulas are neutralised in CSV and
XLSX; the background export writes the file, reaches 100 % and notifies the requester."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports.formats import csv_lines, safe_cell, write_xlsx
from reports.models import ExportStatus, Violation
from reports.services import month_close
from reports.services.exports import export_job_run, export_path, export_request
from tickets.models import Notification

from .conftest import CLOSE_NOW, reply_month

EVIL = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"]


@pytest.mark.parametrize("text", EVIL)
def test_dangerous_text_is_neutralised(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_stay():
    from decimal import Decimal

    assert safe_cell(Decimal("-1000.00")) == Decimal("-1000.00")
    assert safe_cell(-3) == -3
    assert safe_cell("物流部") == "物流部" and safe_cell(None) == ""


def test_csv_and_xlsx_carry_no_formula(tmp_path):
    rows = [[text, 1] for text in EVIL]
    text = "".join(csv_lines(["h", "n"], rows))
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))[1:]
    assert [row[0] for row in parsed] == ["'" + t for t in EVIL]
    path = tmp_path / "x.xlsx"
    write_xlsx(path, ["h", "n"], rows)
    sheet = load_workbook(path).active
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert all(v.startswith("'") for v in values)
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))


@pytest.mark.django_db
def test_streamed_export_of_a_summary_with_a_formula(client, agreement, logistics, people, delivery):
    reply_month(month=3, met=1, breached=1, department=logistics, people=people, category=delivery)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    Violation.objects.update(summary="=cmd|' /C calc'!A0")
    client.force_login(people["manager"])
    response = client.get(reverse("reports:export_direct", args=["violations", "csv"]) + "?month=2026-03")
    body = b"".join(response.streaming_content).decode()
    assert "'=cmd" in body and ",=cmd" not in body
    response = client.get(reverse("reports:export_direct", args=["violations", "xlsx"]) + "?month=2026-03")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2))][-1] == "'=cmd|' /C calc'!A0"
    assert client.get(reverse("reports:export_direct", args=["violations", "csv"]) + "?month=bad").status_code == 400


@pytest.mark.django_db
def test_background_export_job(agreement, logistics, people, delivery, settings, tmp_path,
                               django_capture_on_commit_callbacks):
    settings.REPORTS_EXPORT_ROOT = tmp_path
    reply_month(month=3, met=1, breached=3, department=logistics, people=people, category=delivery)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = export_request(actor=people["head"], report="violations", fmt="xlsx", params={"month": "2026-03"})
    assert len(callbacks) == 1 and job.status == ExportStatus.QUEUED
    job = export_job_run(job_id=job.pk)
    assert (job.status, job.progress) == (ExportStatus.DONE, 100)
    sheet = load_workbook(export_path(job)).active
    assert sheet.max_row == 1 + 4  # three late replies + the missed indicator
    assert Notification.objects.filter(recipient=people["head"], key=f"reports.export.{job.pk}").exists()
    assert export_job_run(job_id=job.pk).finished_at == job.finished_at  # idempotent


@pytest.mark.django_db
def test_kpi_report_export(client, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:export_direct", args=["kpi", "csv"]) + "?month=2026-03")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][1:4] == ["2026-03", "2026-02", "2025-03"] and len(rows) == 17
    xlsx = client.get(reverse("reports:export_direct", args=["kpi", "xlsx"]) + "?month=2026-03")
    assert load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.max_row == 17

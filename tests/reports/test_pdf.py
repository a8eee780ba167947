"""The printable monthly report as a PDF (WeasyPrint): scoped like the page, A4 from
the print CSS, nothing fetched but the app's own static files; without WeasyPrint /
Pango the app degrades with a clear message (503 and the printable page instead)."""

from datetime import date

import pytest
from django.urls import reverse

from reports.exports import pdf
from reports.models import AgreementClose
from reports.services import month_close
from tests.factories import make_staff
from tickets.models import Role

from .conftest import CLOSE_NOW, reply_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def close(agreement, logistics, people, delivery):
    reply_month(month=3, met=8, breached=2, department=logistics, people=people, category=delivery)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    return AgreementClose.objects.get()


@pytest.fixture
def unavailable(monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: (None, "cannot load library 'libpango-1.0-0'"))


def test_pdf_of_the_printable_report(client, close, people):
    if pdf.pdf_unavailable():
        pytest.skip("WeasyPrint / Pango not installed here")
    client.force_login(people["head"])
    response = client.get(reverse("reports:close_pdf", args=[close.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 2000
    assert response["Content-Disposition"] == 'attachment; filename="sla-log-2026-03.pdf"'
    printed = client.get(reverse("reports:close_print", args=[close.pk])).content.decode()
    assert reverse("reports:close_pdf", args=[close.pk]) in printed


def test_pdf_is_scoped(client, close, merchandise):
    stranger = make_staff(Role.DEPT_HEAD, merchandise, username="merchandise_head")
    client.force_login(stranger)
    assert client.get(reverse("reports:close_pdf", args=[close.pk])).status_code == 404
    assert client.get(reverse("reports:close_pdf", args=[close.pk + 999])).status_code == 404


def test_without_weasyprint_the_page_says_why(client, close, people, unavailable):
    client.force_login(people["head"])
    response = client.get(reverse("reports:close_pdf", args=[close.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    body = response.content.decode()
    assert "PDF export is not available" in body and reverse("reports:close_print", args=[close.pk]) in body
    printed = client.get(reverse("reports:close_print", args=[close.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert printed.status_code == 200 and 'data-testid="pdf-unavailable"' in printed.content.decode()
    with pytest.raises(RuntimeError):
        pdf.render_pdf("<p>x</p>")


def test_only_the_apps_static_files_are_fetched(settings):
    base = pdf.BASE_URL.rstrip("/") + settings.STATIC_URL
    assert b"rp-print" in pdf._static_file(base + "css/reports.css")
    for url in ("https://example.com/x.css", base + "../settings.py", base + "css/../../manage.py",
                base + "no-such.css", "file:///etc/passwd", base):
        assert pdf._static_file(url) is None

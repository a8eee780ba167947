"""KPI report: top root causes (findings of the month, per department and for the
center, against the month before), major incidents from the complaints' incidents
(never the callbacks' major complaints), and FCR / CSAT per department (the usual
department of the complaint's category) — on hand-built data, each figure linked to
the rows behind it and scoped."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.models import CallbackTask, Complaint, Incident
from reports.kpi import kpi_figures
from sla.selectors.clocks import dashboard_departments
from tests.factories import CategoryFactory, TicketFactory

from .conftest import at, make_finding

pytestmark = pytest.mark.django_db
MARCH = at(3, 1).date()


@pytest.fixture
def quality(merchandise):
    return CategoryFactory(code="quality", name="质量问题", name_en="Quality", default_department=merchandise)


@pytest.fixture
def findings(people, agent, logistics, center, delivery):
    answers = {"head": people["head"], "manager": people["manager"], "actor": agent, "category": delivery,
               "department": logistics}
    make_finding(recorded=at(3, 3), person=people["staff"], answer="confirm", **answers)
    make_finding(recorded=at(3, 4), answer="confirm", **answers)
    make_finding(recorded=at(3, 5), root_cause="product_quality", **answers)  # pending: still a root cause
    make_finding(recorded=at(3, 6), answer="overturned", **answers)  # overturned: not counted
    make_finding(recorded=at(2, 10), answer="confirm", **answers)  # the month before
    make_finding(recorded=at(3, 7), actor=agent, department=center, category=delivery, root_cause="staff_attitude")


def by_code(rows):
    return [(r["root_cause"].code, r["n"], r["previous"]) for r in rows]


def test_top_root_causes_for_center_and_department(findings, people, logistics, center):
    with translation.override("en"):
        data = kpi_figures(people["manager"], MARCH, dashboard_departments(people["manager"]))
    assert by_code(data["root_causes"]) == [("logistics", 2, 1), ("product_quality", 1, 0),
                                            ("staff_attitude", 1, 0)]
    rows = {r["department"].pk: r for r in data["per_department"]}
    assert by_code(rows[logistics.pk]["root_causes"]) == [("logistics", 2, 1), ("product_quality", 1, 0)]
    assert by_code(rows[center.pk]["root_causes"]) == [("staff_attitude", 1, 0)]
    assert "overturned" in data["definitions"]["root_causes"]
    # The logistics head sees their department's findings only.
    head = kpi_figures(people["head"], MARCH, dashboard_departments(people["head"]))
    assert by_code(head["root_causes"]) == [("logistics", 2, 1), ("product_quality", 1, 0)]


def test_root_cause_rows_are_linked_and_scoped(client, findings, people, center):
    client.force_login(people["head"])
    page = client.get(reverse("reports:kpi", args=["2026-03"]))
    assert page.status_code == 200
    link = reverse("reports:kpi_rows", args=["2026-03", "findings"]) + "?root_cause=logistics"
    assert link in page.content.decode()
    rows = client.get(link)
    assert rows.status_code == 200 and rows.content.decode().count('data-testid="kpi-finding"') == 2
    everything = client.get(reverse("reports:kpi_rows", args=["2026-03", "findings"]))
    assert everything.content.decode().count('data-testid="kpi-finding"') == 3  # not the center's, not overturned
    for bad in (f"?department={center.pk}", "?department=x", "?department=999999"):
        assert client.get(reverse("reports:kpi_rows", args=["2026-03", "findings"]) + bad).status_code == 404


def make_incident(*, department, confirmed, major=True, status="confirmed", title="分拣中心积压导致批量延误"):
    return Incident.objects.create(title=title, status=status, responsible_department=department, is_major=major,
                                   opened_at=confirmed - timedelta(days=1), confirmed_at=confirmed,
                                   updated_at=confirmed)


def test_major_incidents_come_from_the_incidents(client, people, logistics, merchandise, monkeypatch):
    import complaints.selectors

    # The callbacks' "major complaints" count is not what the report shows.
    monkeypatch.setattr(complaints.selectors, "callback_figures_between", lambda start, end: {
        "answered": 0, "first_contact": 0, "first_contact_known": 0, "satisfied": 0, "unreachable": 0,
        "major_complaints": 7}, raising=False)
    make_incident(department=logistics, confirmed=at(3, 12))
    make_incident(department=logistics, confirmed=at(3, 13), status="resolved")
    make_incident(department=logistics, confirmed=at(3, 14), major=False)
    make_incident(department=logistics, confirmed=at(3, 15), status="dismissed")
    make_incident(department=logistics, confirmed=at(2, 20))
    make_incident(department=merchandise, confirmed=at(3, 16), title="批次质量问题")
    data = kpi_figures(people["manager"], MARCH, dashboard_departments(people["manager"]))
    figures = data["figures"]
    assert (figures["current"]["major_incidents"], figures["previous"]["major_incidents"]) == (3, 1)
    rows = {r["department"].pk: r for r in data["per_department"]}
    assert (rows[logistics.pk]["major_incidents"], rows[merchandise.pk]["major_incidents"]) == (2, 1)
    head = kpi_figures(people["head"], MARCH, dashboard_departments(people["head"]))
    assert head["figures"]["current"]["major_incidents"] == 2
    client.force_login(people["head"])
    listed = client.get(reverse("reports:kpi_rows", args=["2026-03", "major_incidents"])).content.decode()
    assert listed.count('data-testid="kpi-incident"') == 2 and "批次质量问题" not in listed
    assert client.get(reverse("reports:kpi_rows", args=["2026-03", "major_incidents"])
                      + f"?department={merchandise.pk}").status_code == 404


def callback(*, category, completed, first_contact, satisfaction, status="reached"):
    ticket = TicketFactory(category=category, kind="complaint", channel="hotline", created_at=completed - timedelta(
        days=3), updated_at=completed)
    complaint = Complaint.objects.create(ticket=ticket, desired_remedy="退款", created_at=ticket.created_at,
                                         updated_at=completed)
    return CallbackTask.objects.create(complaint=complaint, status=status, created_at=completed - timedelta(days=1),
                                       completed_at=completed, first_contact=first_contact,
                                       satisfaction=satisfaction, updated_at=completed)


def test_fcr_and_csat_per_department(people, logistics, merchandise, delivery, quality):
    # 物流部 (late delivery): 4 answered; first contact 3 of 4 known → 75 %; satisfied (4–5) 2 of 4 → 50 %.
    callback(category=delivery, completed=at(3, 2), first_contact=True, satisfaction=5)
    callback(category=delivery, completed=at(3, 3), first_contact=True, satisfaction=4)
    callback(category=delivery, completed=at(3, 4), first_contact=True, satisfaction=3)
    callback(category=delivery, completed=at(3, 5), first_contact=False, satisfaction=1)
    # Not counted: unreachable, completed in April.
    callback(category=delivery, completed=at(3, 6), first_contact=None, satisfaction=None, status="unreachable")
    callback(category=delivery, completed=at(4, 1, 1), first_contact=False, satisfaction=1)
    # 商品部 (quality): 1 answered with first contact unknown → FCR not measured; satisfied 1 of 1.
    callback(category=quality, completed=at(3, 8), first_contact=None, satisfaction=5, status="surveyed")
    with translation.override("en"):
        data = kpi_figures(people["manager"], MARCH, dashboard_departments(people["manager"]))
    rows = {r["department"].pk: r for r in data["per_department"]}
    assert rows[logistics.pk]["fcr"] == {"value": Decimal("75.0000"), "numerator": 3, "denominator": 4}
    assert rows[logistics.pk]["csat"] == {"value": Decimal("50.0000"), "numerator": 2, "denominator": 4}
    assert rows[merchandise.pk]["fcr"] == {"value": None, "numerator": 0, "denominator": 0}
    assert rows[merchandise.pk]["csat"] == {"value": Decimal("100.0000"), "numerator": 1, "denominator": 1}
    assert "category" in data["definitions"]["department_loop"]
    # Center-wide, the same callbacks together: first contact 3 of 4 known, satisfied 3 of 5.
    loop = data["figures"]["current"]["loop"]
    assert (loop["fcr"], loop["csat"]) == (Decimal("75.0000"), Decimal("60.0000"))


def test_kpi_export_lists_the_major_incidents_and_root_causes(client, findings, people, center):
    import csv
    import io

    make_incident(department=center, confirmed=at(3, 12))
    client.force_login(people["manager"])
    response = client.get(reverse("reports:export_direct", args=["kpi", "csv"]) + "?month=2026-03",
                          HTTP_ACCEPT_LANGUAGE="en")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    by_label = {r[0]: r[1:4] for r in rows}
    assert by_label["Major incidents"] == ["1", "0", "0"]
    causes = [r for r in rows if r[0].startswith("Root cause: ")]
    assert [r[1:3] for r in causes] == [["2", "1"], ["1", "0"], ["1", "0"]] and len(rows) == 17 + 3

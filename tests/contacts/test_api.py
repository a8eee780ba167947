"""Contacts API: the compact import form, 400 with row errors, scoping (agents see
only their own; department staff nothing; 404 out of scope) and the figures."""

import pytest
from rest_framework.test import APIClient

from tests.factories import make_staff
from tickets.models import ContactRecord, Role

COLUMNS = ["source", "external_id", "channel", "queue", "agent", "offered_at", "answered_at", "wait_seconds",
           "talk_seconds", "wrap_seconds", "satisfaction"]


@pytest.fixture
def qa_client(center):
    client = APIClient()
    client.force_authenticate(make_staff(Role.QA_SPECIALIST, center, username="qa"))
    return client


def _rows():
    return [
        ["pbx", "a1", "hotline", "售前", "agent", "2026-11-02 09:00:00", "2026-11-02 09:00:10", 10, 100, 20, 5],
        ["pbx", "a2", "hotline", "售前", "agent", "2026-11-02 09:10:00", "2026-11-02 09:10:40", 40, 200, 40, 3],
        ["pbx", "a3", "hotline", "售前", "", "2026-11-02 09:20:00", None, 60, 0, 0, None],
        ["pbx", "b1", "hotline", "售后", "agent2", "2026-11-02 10:05:00", "2026-11-02 10:05:05", 5, 50, 10, None],
    ]


def test_import_scope_and_figures(qa_client, agent, other_agent, logistics_staff):
    response = qa_client.post("/api/v1/contacts/import/", {"columns": COLUMNS, "rows": _rows()}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"received": 4, "created": 4, "unchanged": 0}
    again = qa_client.post("/api/v1/contacts/import/", {"columns": COLUMNS, "rows": _rows()}, format="json")
    assert again.json() == {"received": 4, "created": 0, "unchanged": 4}

    figures = qa_client.get("/api/v1/contacts/figures/intervals/?start=2026-11-02&end=2026-11-02").json()
    pre = next(r for r in figures if r["queue"] == "售前")
    assert (pre["offered"], pre["answered"], pre["abandoned"]) == (3, 2, 1)
    assert pre["service_level"] == "33.33" and pre["answer_rate"] == "66.67"
    assert pre["start"].startswith("2026-11-02T09:00:00+08:00")
    agents = qa_client.get("/api/v1/contacts/figures/agents/?start=2026-11-02&end=2026-11-02").json()
    mine = next(r for r in agents if r["agent_id"] == agent.pk)
    assert mine["handled"] == 2 and mine["aht_seconds"] == "180.00" and mine["satisfaction_avg"] == "4.00"

    as_agent = APIClient()
    as_agent.force_authenticate(agent)
    listed = as_agent.get("/api/v1/contacts/").json()
    assert {r["external_id"] for r in listed["results"]} == {"a1", "a2"}
    other = ContactRecord.objects.get(external_id="b1")
    assert as_agent.get(f"/api/v1/contacts/{other.pk}/").status_code == 404
    assert {r["agent_id"] for r in as_agent.get(
        "/api/v1/contacts/figures/agents/?start=2026-11-02&end=2026-11-02").json()} == {agent.pk}
    assert as_agent.post("/api/v1/contacts/import/", {"records": []}, format="json").status_code == 403

    department = APIClient()
    department.force_authenticate(logistics_staff)
    assert department.get("/api/v1/contacts/").json()["count"] == 0


def test_bad_rows_are_400_with_the_row_errors(qa_client, agent):
    rows = _rows()
    rows[1][2] = "telegram"
    response = qa_client.post("/api/v1/contacts/import/", {"columns": COLUMNS, "rows": rows}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_rows" and body["errors"][0]["row"] == 2 and body["errors"][0]["column"] == "channel"
    assert ContactRecord.objects.count() == 0
    assert qa_client.get("/api/v1/contacts/figures/agents/?start=2026-11-05&end=2026-11-01").status_code == 400


def test_half_hour_slots_floor(qa_client, agent):
    rows = [["pbx", f"h{m}", "hotline", "售前", "agent", f"2026-11-02 09:{m:02d}:00", f"2026-11-02 09:{m:02d}:05",
             5, 60, 5, None] for m in (0, 20, 29, 30, 44, 59)]
    qa_client.post("/api/v1/contacts/import/", {"columns": COLUMNS, "rows": rows}, format="json")
    figures = qa_client.get("/api/v1/contacts/figures/intervals/?start=2026-11-02&end=2026-11-02&minutes=30").json()
    assert [(r["start"][11:16], r["offered"]) for r in figures] == [("09:00", 3), ("09:30", 3)]
    quarter = qa_client.get("/api/v1/contacts/figures/intervals/?start=2026-11-02&end=2026-11-02&minutes=15").json()
    assert [(r["start"][11:16], r["offered"]) for r in quarter] == [("09:00", 1), ("09:15", 2), ("09:30", 2),
                                                                     ("09:45", 1)]

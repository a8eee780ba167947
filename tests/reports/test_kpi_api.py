"""The KPI report through the API: the page's figures as data, scoped the same way,
a clear 400 for a month written wrong, 404 for who has nothing to report on."""

import pytest
from rest_framework.test import APIClient

from reports.kpi import kpi_figures
from sla.selectors.clocks import dashboard_departments

from .conftest import at
from .test_kpi_complaint_departments import findings  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/kpi/{}/"


def _get(user, month="2026-03"):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(URL.format(month))


def test_the_manager_gets_the_pages_figures_for_the_center_and_every_department(findings, people):  # noqa: F811
    response = _get(people["manager"])
    assert response.status_code == 200
    data = response.json()
    page = kpi_figures(people["manager"], at(3, 1).date(), dashboard_departments(people["manager"]))
    assert data["month"] == "2026-03-01"
    assert [c[0] for c in data["columns"]] == ["current", "previous", "last_year"]
    assert data["figures"]["current"]["tickets"] == page["figures"]["current"]["tickets"]
    assert data["figures"]["current"]["complaints"] == page["figures"]["current"]["complaints"]
    assert {d["department"]["id"] for d in data["per_department"]} == {
        d["department"].pk for d in page["per_department"]}
    assert len(data["root_causes"]) == len(page["root_causes"]) > 0
    assert data["definitions"]["root_causes"]


def test_a_department_head_gets_only_their_department(findings, people, logistics):  # noqa: F811
    data = _get(people["head"]).json()
    assert [d["department"]["id"] for d in data["per_department"]] == [logistics.pk]


@pytest.mark.parametrize("month", ["2026-3", "2026-13", "march", "2026-03-01", "２０２６-03"])
def test_a_month_written_wrong_is_400_with_the_expected_form(people, month):
    response = _get(people["manager"], month)
    assert response.status_code == 400
    assert "YYYY-MM" in response.json()["detail"]


def test_an_agent_without_a_department_to_report_on_gets_404(agent):
    assert not dashboard_departments(agent).exists()
    assert _get(agent).status_code == 404


def test_anonymous_is_refused():
    assert APIClient().get(URL.format("2026-03")).status_code in (401, 403)

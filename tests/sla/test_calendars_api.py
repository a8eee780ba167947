"""Calendar API: scoped reads, manager-only writes (403), 404 for unknown or
out-of-scope calendars, 400 for bad input — never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sla.services.calendars import calendar_default_for_department
from tests.factories import make_staff
from tickets.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendars(center, logistics, merchandise):
    now = timezone.now()
    return {d.code: calendar_default_for_department(department=d, now=now) for d in (center, logistics, merchandise)}


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_is_refused(calendars):
    assert APIClient().get(reverse("sla-calendar-list")).status_code in (401, 403)


def test_list_is_scoped_and_query_count_is_flat(calendars, agent, logistics, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client_for(agent).get(reverse("sla-calendar-list"))
    assert response.status_code == 200 and response.data["count"] == 3
    staff = make_staff(Role.DEPT_STAFF, logistics, username="lg")
    names = {row["department"]["code"] for row in client_for(staff).get(reverse("sla-calendar-list")).data["results"]}
    assert names == {"logistics", "service-center"}


def test_detail_with_year(calendars, agent):
    pk = calendars["logistics"].pk
    response = client_for(agent).get(reverse("sla-calendar-detail", args=[pk]) + "?year=2027")
    assert response.status_code == 200
    assert response.data["year"] == 2027 and response.data["versions"]
    assert {o["date"][:4] for o in response.data["overrides"]} == {"2027"}
    assert client_for(agent).get(reverse("sla-calendar-detail", args=[pk]) + "?year=abc").status_code == 400
    assert client_for(agent).get("/api/v1/sla/calendars/999999/").status_code == 404
    assert client_for(agent).get("/api/v1/sla/calendars/99999999999999999999/").status_code == 404


def test_out_of_scope_calendar_is_404(calendars, logistics):
    staff = make_staff(Role.DEPT_STAFF, logistics, username="lg")
    assert client_for(staff).get(reverse("sla-calendar-detail", args=[calendars["merchandise"].pk])).status_code == 404


def test_version_create_permissions_and_rules(calendars, agent, manager):
    url = reverse("sla-calendar-versions", args=[calendars["logistics"].pk])
    body = {"weekly": {"0": [["09:00", "17:00"]]}, "effective_from": "2030-01-01", "note": "新"}
    assert client_for(agent).post(url, body, format="json").status_code == 403
    response = client_for(manager).post(url, body, format="json")
    assert response.status_code == 201 and response.data["weekly"]["0"] == [["09:00", "17:00"]]
    past = body | {"effective_from": "2001-01-01"}
    assert client_for(manager).post(url, past, format="json").status_code == 400
    overlap = body | {"weekly": {"0": [["09:00", "12:00"], ["11:00", "13:00"]]}}
    response = client_for(manager).post(url, overlap, format="json")
    assert response.status_code == 400 and response.data["code"] == "weekly"
    assert client_for(manager).post(url, {"weekly": "x"}, format="json").status_code == 400


def test_overrides_set_and_delete(calendars, agent, manager):
    pk = calendars["logistics"].pk
    url = reverse("sla-calendar-overrides", args=[pk])
    body = {"date": "2030-05-06", "kind": "shortened", "hours": [["09:00", "12:00"]], "name": "半天"}
    assert client_for(agent).post(url, body, format="json").status_code == 403
    assert client_for(manager).post(url, body, format="json").status_code == 201
    assert client_for(manager).post(url, body | {"kind": "nap"}, format="json").status_code == 400
    assert client_for(manager).post(url, body | {"date": "2001-01-01"}, format="json").status_code == 400
    delete = reverse("sla-calendar-override-delete", args=[pk, "2030-05-06"])
    assert client_for(agent).delete(delete).status_code == 403
    assert client_for(manager).delete(delete).status_code == 204
    assert client_for(manager).delete(delete).status_code == 404
    assert client_for(manager).delete(f"/api/v1/sla/calendars/{pk}/overrides/2099-02-30/").status_code == 404


def test_import_holidays(calendars, agent, manager):
    url = reverse("sla-calendar-import", args=[calendars["logistics"].pk])
    assert client_for(agent).post(url, {"year": 2028}, format="json").status_code == 403
    response = client_for(manager).post(url, {"year": 2028}, format="json")
    assert response.status_code == 200 and response.data["added"]
    again = client_for(manager).post(url, {"year": 2028}, format="json").data
    assert not again["added"] and len(again["unchanged"]) == len(response.data["added"])
    assert client_for(manager).post(url, {"year": 1900}, format="json").status_code == 400
    center = reverse("sla-calendar-import", args=[calendars["service-center"].pk])
    assert client_for(manager).post(center, {"year": 2028}, format="json").status_code == 400


def test_simulate(calendars, agent):
    url = reverse("sla-simulate")
    body = {"calendar": calendars["logistics"].pk, "start": "2026-09-30T17:00:00+08:00", "hours": 2}
    response = client_for(agent).post(url, body, format="json")
    assert response.status_code == 200, response.data
    assert response.data["due_local"] == "2026-10-08T10:00:00+08:00"
    closed = [row for row in response.data["explanation"] if row["kind"] == "closed"]
    assert closed and closed[0]["reason"] == "holiday"
    by_days = {k: v for k, v in body.items() if k != "hours"} | {"days": 1, "end_of_day": True}
    response = client_for(agent).post(url, by_days, format="json")
    assert response.status_code == 200 and response.data["due_local"] == "2026-10-08T18:00:00+08:00"


@pytest.mark.parametrize("change, status", [
    ({"start": "2026-09-30T17:00:00"}, 400),  # naive
    ({"start": "tomorrow"}, 400),
    ({"calendar": 999999}, 404),
    ({"calendar": "x"}, 400),
    ({"hours": -1}, 400),
    ({"hours": 10**12}, 400),
    ({"days": 3}, 400),  # two units
    ({"hours": 1.5}, 400),
])
def test_simulate_bad_input(calendars, agent, change, status):
    body = {"calendar": calendars["logistics"].pk, "start": "2026-09-30T17:00:00+08:00", "hours": 2} | change
    assert client_for(agent).post(reverse("sla-simulate"), body, format="json").status_code == status


def test_simulate_other_departments_calendar_is_404(calendars, logistics):
    staff = make_staff(Role.DEPT_STAFF, logistics, username="lg")
    body = {"calendar": calendars["merchandise"].pk, "start": "2026-09-30T17:00:00+08:00", "minutes": 5}
    assert client_for(staff).post(reverse("sla-simulate"), body, format="json").status_code == 404

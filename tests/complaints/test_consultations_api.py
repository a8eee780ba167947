"""The joint consultation API: wiring, scope (404 for a department not invited, and
for the invited one once concluded), bad input (400), rules (403/409), the schema."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Consultation
from tests.factories import make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures (calendars)
from tickets.models import Role
from tickets.services import ticket_assign

BASE = "/api/v1"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def complaint(make_complaint, lead, agent):
    complaint = make_complaint(now=timezone.now() - timedelta(hours=1))
    ticket_assign(ticket=complaint.ticket, actor=lead, assignee=agent)
    return complaint


@pytest.fixture
def finance(db):
    from tests.factories import DepartmentFactory

    return DepartmentFactory(code="finance", name="财务部", name_en="Finance")


def future(hours=48):
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def test_convene_answer_conclude(complaint, calendars, agent, lead, logistics, merchandise, logistics_staff,
                                 merchandise_staff, finance, django_assert_max_num_queries):
    finance_staff = make_staff(Role.DEPT_STAFF, finance, username="finance_staff")
    r = api(agent).post(f"{BASE}/complaints/{complaint.pk}/consultations/",
                        {"departments": [logistics.pk, merchandise.pk], "question": "为何反复延误？",
                         "deadline": future(hours=24 * 7)}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "open" and [i["department_code"] for i in body["invites"]] == ["logistics",
                                                                                             "merchandise"]
    pk = body["id"]
    invites = {i["department_code"]: i["id"] for i in body["invites"]}

    # The invited departments see it (list and detail); another department does not.
    assert [c["id"] for c in api(merchandise_staff).get(f"{BASE}/consultations/").json()["results"]] == [pk]
    assert api(finance_staff).get(f"{BASE}/consultations/{pk}/").status_code == 404
    assert api(finance_staff).get(f"{BASE}/consultations/").json()["results"] == []
    assert api(finance_staff).post(f"{BASE}/consultation-invites/{invites['merchandise']}/answer/",
                                   {"findings": "x"}, format="json").status_code == 404
    # A department answers only its own invitation.
    r = api(logistics_staff).post(f"{BASE}/consultation-invites/{invites['merchandise']}/answer/",
                                  {"findings": "不是我们"}, format="json")
    assert r.status_code == 403
    assert api(merchandise_staff).post(f"{BASE}/consultation-invites/{invites['merchandise']}/answer/",
                                       {"findings": ""}, format="json").status_code == 400
    r = api(merchandise_staff).post(f"{BASE}/consultation-invites/{invites['merchandise']}/answer/",
                                    {"findings": "包装合格"}, format="json")
    assert r.status_code == 200
    answered = {i["department_code"]: i for i in r.json()["invites"]}
    assert answered["merchandise"]["findings"] == "包装合格"
    assert answered["merchandise"]["reply_clock"]["state"] == "met"
    assert answered["logistics"]["reply_clock"]["state"] == "running"
    assert answered["logistics"]["reply_clock"]["calendar"] == calendars["logistics"].pk  # its own hours

    # Only a lead concludes; bad input is a 400; twice is a 409.
    conclusion = {"owning_department": logistics.pk, "cause": "承运商运力不足", "action_plan": "更换承运商"}
    assert api(agent).post(f"{BASE}/consultations/{pk}/conclude/", conclusion, format="json").status_code == 403
    assert api(lead).post(f"{BASE}/consultations/{pk}/conclude/", {**conclusion, "owning_department": 987654},
                          format="json").status_code == 400
    assert api(lead).post(f"{BASE}/consultations/{pk}/conclude/", {**conclusion, "cause": ""},
                          format="json").status_code == 400
    r = api(lead).post(f"{BASE}/consultations/{pk}/conclude/", conclusion, format="json")
    assert r.status_code == 200 and r.json()["status"] == "concluded"
    stopped = {i["department_code"]: i["reply_clock"] for i in r.json()["invites"]}
    assert stopped["logistics"]["state"] == "cancelled" and stopped["logistics"]["stopped_at"] is not None
    assert api(lead).post(f"{BASE}/consultations/{pk}/conclude/", conclusion, format="json").status_code == 409
    # Concluded: the invited departments no longer see the ticket, nor the consultation.
    assert api(merchandise_staff).get(f"{BASE}/consultations/{pk}/").status_code == 404
    assert api(merchandise_staff).get(f"{BASE}/tickets/{complaint.ticket_id}/").status_code == 404
    assert api(lead).get(f"{BASE}/consultations/?status=concluded").json()["count"] == 1
    with django_assert_max_num_queries(12):
        assert api(lead).get(f"{BASE}/consultations/").status_code == 200


def test_convene_bad_input(complaint, agent, other_agent, logistics, center):
    url = f"{BASE}/complaints/{complaint.pk}/consultations/"
    ok = {"departments": [logistics.pk], "question": "原因？", "deadline": future()}
    c = api(agent)
    assert c.post(url, {**ok, "departments": []}, format="json").status_code == 400
    assert c.post(url, {**ok, "departments": [987654]}, format="json").status_code == 400
    assert c.post(url, {**ok, "departments": [center.pk]}, format="json").status_code == 400
    assert c.post(url, {**ok, "deadline": (timezone.now() - timedelta(hours=1)).isoformat()},
                  format="json").status_code == 400
    assert c.post(url, {**ok, "deadline": "tomorrow"}, format="json").status_code == 400
    assert c.post(url, {**ok, "question": " "}, format="json").status_code == 400
    assert c.post(url, "not json", content_type="application/json").status_code == 400
    assert api(other_agent).post(url, ok, format="json").status_code in (403, 404)  # not the handler
    assert c.post(f"{BASE}/complaints/987654/consultations/", ok, format="json").status_code == 404
    assert not Consultation.objects.exists()


def test_in_the_schema():
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    paths = set(document["paths"])
    for path in ("/api/v1/consultations/", "/api/v1/consultations/{pk}/", "/api/v1/consultations/{pk}/conclude/",
                 "/api/v1/consultation-invites/{pk}/answer/", "/api/v1/complaints/{pk}/consultations/"):
        assert path.replace("{pk}", "{id}") in paths or path in paths, path
    assert "ReplyClock" in document["components"]["schemas"]
    convene = document["paths"].get("/api/v1/complaints/{id}/consultations/") or document["paths"][
        "/api/v1/complaints/{pk}/consultations/"]
    assert {"201", "400", "404", "409"} <= set(convene["post"]["responses"])

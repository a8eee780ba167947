import pytest
from rest_framework.test import APIClient

from complaints.models import ComplaintStage, RemedyStatus
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def complaint(make_complaint, chain):
    return make_complaint(amount_in_dispute="120.00", order_numbers=["A1"])


def test_list_and_detail_in_scope(complaint, agent, lead, django_assert_max_num_queries):
    for i in range(3):
        from complaints.services import complaint_create

        complaint_create(actor=agent, customer=CustomerFactory(), category=complaint.ticket.category, title=f"t{i}",
                         channel="hotline", desired_remedy="退款")
    with django_assert_max_num_queries(6):
        response = client_for(lead).get("/api/v1/complaints/")
    assert response.status_code == 200 and response.json()["count"] == 4
    detail = client_for(lead).get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert detail["amount_in_dispute"] == "120.00" and detail["order_numbers"] == ["A1"]
    assert client_for(lead).get("/api/v1/complaints/?stage=closed").json()["count"] == 0


def test_department_staff_see_complaints_only_as_tickets_they_may_see(complaint, logistics_staff):
    client = client_for(logistics_staff)
    assert client.get("/api/v1/complaints/").json()["count"] == 0
    assert client.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    assert client.post(f"/api/v1/complaints/{complaint.pk}/stage-reply/", {"body": "x"}).status_code == 404


def test_commands_call_the_services(complaint, agent, lead, manager):
    agent_api, lead_api = client_for(agent), client_for(lead)
    response = agent_api.post(f"/api/v1/complaints/{complaint.pk}/remedies/",
                              {"kind": "compensation", "amount": "800.00"}, format="json")
    assert response.status_code == 200
    remedy = response.json()["remedies"][0]
    assert remedy["status"] == RemedyStatus.PENDING
    approval = remedy["approvals"][0]["id"]
    assert agent_api.post(f"/api/v1/approvals/{approval}/approve/", {}).status_code in (403, 404)
    assert lead_api.post(f"/api/v1/approvals/{approval}/reject/", {}).status_code == 400  # reason required
    assert lead_api.post(f"/api/v1/approvals/{approval}/approve/", {}).status_code == 200
    assert agent_api.post(f"/api/v1/complaints/{complaint.pk}/final-reply/", {"body": "x"}).json()["code"] in (
        "approval_pending", "illegal_transition")


def test_illegal_move_is_a_409_with_the_allowed_actions(complaint, lead):
    response = client_for(lead).post(f"/api/v1/complaints/{complaint.pk}/close/", {}, format="json")
    assert response.status_code == 409


def test_create_through_the_api(agent, customer, category):
    response = client_for(agent).post("/api/v1/complaints/", {
        "customer": customer.pk, "title": "没收到货", "category": category.pk, "channel": "hotline",
        "desired_remedy": "补发", "amount_in_dispute": "59.90"}, format="json")
    assert response.status_code == 201
    assert response.json()["stage"] == ComplaintStage.RECEIVED
    bad = client_for(agent).post("/api/v1/complaints/", {"customer": customer.pk, "title": "x",
                                                         "category": category.pk, "channel": "hotline"},
                                 format="json")
    assert bad.status_code == 400


def test_seat_groups_and_limits_are_listed(groups, chain, agent):
    assert len(client_for(agent).get("/api/v1/seat-groups/").json()) == 4
    limits = client_for(agent).get("/api/v1/authority-limits/").json()
    assert {"remedy_kind": "compensation", "level": 2, "role": "team_lead", "max_amount": "500.00"}.items() <= next(
        row for row in limits if row["remedy_kind"] == "compensation" and row["level"] == 2).items()

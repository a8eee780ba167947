import pytest

from complaints.models import Complaint, ComplaintStage, RemedyStatus
from complaints.services import remedy_propose

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_intake_form_takes_a_complaint(client, agent, customer, category):
    client.force_login(agent)
    page = client.get(f"/complaints/new/?customer={customer.pk}")
    assert page.status_code == 200 and customer.name in page.content.decode()
    response = client.post("/complaints/new/", {
        "customer": customer.pk, "title": "配送延误", "category": category.pk, "channel": "hotline",
        "severity": "general", "desired_remedy": "赔偿", "order_numbers": "A1, A2", "amount_in_dispute": "10"})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tickets/{complaint.ticket_id}/"
    assert complaint.order_numbers == ["A1", "A2"]
    refused = client.post("/complaints/new/", {"customer": customer.pk, "title": "x", "category": category.pk,
                                               "channel": "hotline", "severity": "general", "desired_remedy": ""})
    assert refused.status_code == 400


def test_ticket_page_shows_the_complaint_panel_and_posts_commands(client, make_complaint, agent, lead, chain):
    complaint = make_complaint()
    client.force_login(agent)
    html = client.get(f"/tickets/{complaint.ticket_id}/").content.decode()
    assert 'data-testid="complaint-panel"' in html and 'data-testid="tracking-link"' in html
    response = client.post(f"/complaints/{complaint.pk}/assess/", {"severity": "serious", "priority": "3"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == ComplaintStage.HANDLING
    client.post(f"/complaints/{complaint.pk}/remedy/", {"kind": "compensation", "amount": "300"})
    remedy = complaint.remedies.get()
    assert remedy.status == RemedyStatus.PENDING
    client.force_login(lead)
    approvals = client.get("/complaints/approvals/").content.decode()
    assert complaint.ticket.number in approvals
    client.post(f"/complaints/approvals/{remedy.approvals.get().pk}/decide/", {"decision": "approve",
                                                                           "next": "approvals"})
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.GRANTED


def test_unknown_action_and_out_of_scope_are_404(client, make_complaint, logistics_staff, agent):
    complaint = make_complaint()
    client.force_login(agent)
    assert client.post(f"/complaints/{complaint.pk}/teleport/").status_code == 404
    client.force_login(logistics_staff)
    assert client.post(f"/complaints/{complaint.pk}/assess/", {"severity": "general"}).status_code == 404
    assert client.get("/complaints/callbacks/").status_code == 404
    assert client.get("/complaints/seat-groups/").status_code == 404


def test_queues_and_seat_group_pages(client, groups, lead, make_complaint, agent):
    make_complaint()
    client.force_login(lead)
    for url in ("/complaints/", "/complaints/callbacks/", "/complaints/approvals/", "/complaints/seat-groups/",
                f"/complaints/seat-groups/{groups['vip'].pk}/", "/complaints/seat-groups/new/", "/tickets/"):
        assert client.get(url).status_code == 200, url
    response = client.post("/complaints/seat-groups/new/", {"name": "新组", "code": "new-group", "members": [agent.pk],
                                                           "rank": "0", "is_active": "on"})
    assert response.status_code == 302


def test_remedy_pending_blocks_the_final_reply_on_the_page(client, make_complaint, agent, lead, chain):
    complaint = make_complaint()
    client.force_login(agent)
    client.post(f"/complaints/{complaint.pk}/assess/", {"severity": "general", "priority": "2"})
    remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    response = client.post(f"/complaints/{complaint.pk}/final_reply/", {"body": "答复"}, follow=True)
    complaint.refresh_from_db()
    assert complaint.stage == ComplaintStage.HANDLING
    assert response.status_code == 200


def test_a_lead_lists_the_loops_closed_by_a_reason(client, make_complaint, lead, manager, agent):
    from complaints.services import complaint_force_close
    from tests.factories import record_finding

    closed = make_complaint()
    record_finding(closed, actor=manager, now=T0)
    complaint_force_close(actor=manager, complaint=closed, reason="客户撤诉", now=T0)
    open_one = make_complaint(title="另一个")
    client.force_login(lead)
    html = client.get("/complaints/?with_reason=1").content.decode()
    assert closed.ticket.number in html and "客户撤诉" in html and open_one.ticket.number not in html
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(lead)
    assert api.get("/api/v1/complaints/?closed_with_reason=true").json()["count"] == 1

"""Department users see complaints only as tickets they may see; agents see their
own and the pool; nothing out of scope shows in lists, counts or filters."""

import pytest
from rest_framework.test import APIClient

from complaints.selectors import approvals_for, callbacks_for, complaint_list
from tickets.services import ticket_assign, transfer_create

from .conftest import T0

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_transfer_makes_the_complaint_visible_to_that_department_only(make_complaint, agent, logistics_staff,
                                                                        merchandise_staff, logistics):
    complaint = make_complaint()
    ticket_assign(ticket=complaint.ticket, actor=agent, assignee=agent, now=T0)
    assert not complaint_list(logistics_staff).exists()
    transfer_create(ticket=complaint.ticket, actor=agent, department=logistics, question="请核实物流", now=T0)
    assert list(complaint_list(logistics_staff)) == [complaint]
    assert not complaint_list(merchandise_staff).exists()
    assert api(merchandise_staff).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    assert api(logistics_staff).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 200


def test_filters_do_not_reveal_out_of_scope_complaints(make_complaint, agent, other_agent, groups):
    mine = make_complaint()  # routed to agent
    assert mine.ticket.assignee == agent
    client = api(other_agent)
    assert client.get(f"/api/v1/complaints/?customer={mine.ticket.customer_id}").json()["count"] == 0
    assert client.get("/api/v1/complaints/?seat_group=999999").json()["count"] == 0
    assert client.get("/api/v1/complaints/?seat_group=abc").status_code == 400


def test_queues_are_personal(make_complaint, agent, other_agent, lead, chain):
    from complaints.services import complaint_assess, complaint_final_reply, remedy_propose

    complaint = make_complaint()
    ticket_assign(ticket=complaint.ticket, actor=agent, assignee=agent, now=T0)
    complaint = complaint_assess(actor=agent, complaint=complaint, severity="general", now=T0)
    remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=T0)
    assert approvals_for(lead).count() == 1 and approvals_for(agent).count() == 0
    complaint.remedies.get().approvals.get()
    from complaints.services import approval_approve

    approval_approve(actor=lead, approval=complaint.remedies.get().approvals.get(), now=T0)
    complaint_final_reply(actor=agent, complaint=complaint, body="答复", caller=other_agent, now=T0)
    assert callbacks_for(other_agent, mine_only=True).count() == 1
    assert callbacks_for(agent, mine_only=True).count() == 0

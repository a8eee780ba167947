"""Closing records the root cause: the rule is on by default; a callback or survey that
closes the loop without a finding keeps the customer's answer and waits for the
handler's close step (panel and API), which takes the root cause, the responsible
department and person; without them closing is a 400, with a bad one a 400 too."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from complaints.models import ComplaintFinding, ComplaintStage
from complaints.services import (
    callback_attempt_record,
    complaint_assess,
    complaint_close,
    complaint_final_reply,
)
from slacenter.errors import DomainError
from tickets.models import TicketStatus
from tickets.services import ticket_assign, ticket_transition

from .conftest import T0

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def answered(make_complaint, agent, other_agent, chain):
    complaint = make_complaint()
    ticket_assign(ticket=complaint.ticket, actor=agent, assignee=agent, now=T0)
    complaint_assess(actor=agent, complaint=complaint, severity="general", now=T0)
    return complaint_final_reply(actor=agent, complaint=complaint, body="已补发", caller=other_agent,
                                 now=T0 + timedelta(hours=2))


@pytest.fixture
def reached(answered, other_agent):
    """The customer said they are satisfied, but no root cause is recorded yet."""
    callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", solved=True,
                            first_contact=True, satisfaction=5, now=T0 + timedelta(hours=5))
    answered.refresh_from_db()
    return answered


def test_the_rule_is_on_by_default(settings):
    from django.conf import settings as live

    assert live.COMPLAINTS_ROOT_CAUSE_REQUIRED is True


def test_a_satisfied_callback_without_a_finding_keeps_the_answer_and_waits(reached, agent):
    assert reached.stage == ComplaintStage.ANSWERED
    assert reached.ticket.status == TicketStatus.RESOLVED
    assert reached.callbacks.get().satisfaction == 5  # the customer's answer is kept
    assert agent.notifications.filter(key__startswith=f"complaint-close-finding:{reached.pk}").exists()
    with pytest.raises(DomainError):  # the ticket cannot be closed around it
        ticket_transition(ticket=reached.ticket, actor=agent, action="close", now=T0 + timedelta(hours=6))


def test_service_close_needs_the_finding_then_records_it(reached, agent, logistics, logistics_staff):
    from complaints.models import RootCause

    with pytest.raises(DomainError) as exc:
        complaint_close(actor=agent, complaint=reached, now=T0 + timedelta(hours=6))
    assert exc.value.status == 400 and exc.value.extra["field"] == "root_cause"
    closed = complaint_close(actor=agent, complaint=reached, now=T0 + timedelta(hours=6), finding={
        "root_cause": RootCause.objects.get(code="logistics"), "responsible_department": logistics,
        "responsible_person": logistics_staff, "note": "中转站爆仓"})
    assert closed.stage == ComplaintStage.CLOSED and closed.ticket.status == TicketStatus.CLOSED
    finding = ComplaintFinding.objects.get(complaint=reached)
    assert finding.responsible_person == logistics_staff and finding.note == "中转站爆仓"


def test_api_close_takes_the_finding(reached, agent, logistics, logistics_staff, merchandise_staff):
    url = f"/api/v1/complaints/{reached.pk}/close/"
    client = api(agent)
    missing = client.post(url, {}, format="json")
    assert missing.status_code == 400 and "root_cause" in str(missing.json())
    assert client.post(url, {"root_cause": "no-such-cause", "responsible_department": logistics.pk},
                       format="json").status_code == 400
    assert client.post(url, {"root_cause": "logistics"}, format="json").status_code == 400  # no department
    wrong_person = client.post(url, {"root_cause": "logistics", "responsible_department": logistics.pk,
                                     "responsible_person": merchandise_staff.pk}, format="json")
    assert wrong_person.status_code == 400
    assert not ComplaintFinding.objects.filter(complaint=reached).exists()  # nothing half-saved
    done = client.post(url, {"root_cause": "logistics", "responsible_department": logistics.pk,
                             "responsible_person": logistics_staff.pk, "finding_note": "分拣延误"}, format="json")
    assert done.status_code == 200 and done.json()["stage"] == ComplaintStage.CLOSED
    assert ComplaintFinding.objects.get(complaint=reached).root_cause.code == "logistics"
    assert client.post(url, {}, format="json").status_code == 409  # closed already


def test_api_force_close_takes_the_finding(answered, manager, logistics):
    url = f"/api/v1/complaints/{answered.pk}/force-close/"
    client = api(manager)
    assert client.post(url, {"reason": "客户撤诉"}, format="json").status_code == 400
    done = client.post(url, {"reason": "客户撤诉", "root_cause": "misunderstanding",
                             "responsible_department": logistics.pk}, format="json")
    assert done.status_code == 200 and done.json()["stage"] == ComplaintStage.CLOSED


def test_the_panel_close_step(client, reached, agent, logistics, logistics_staff):
    client.force_login(agent)
    page = client.get(f"/tickets/{reached.ticket_id}/").content.decode()
    assert 'data-testid="close-form"' in page and 'name="root_cause"' in page
    assert logistics_staff.get_full_name() in page or "logistics_staff" in page  # people, grouped by department
    url = f"/complaints/{reached.pk}/close/"
    client.post(url, {})
    reached.refresh_from_db()
    assert reached.stage == ComplaintStage.ANSWERED  # refused: the root cause is required
    client.post(url, {"root_cause": "logistics", "responsible_department": logistics.pk,
                      "responsible_person": logistics_staff.pk, "finding_note": "中转站爆仓"})
    reached.refresh_from_db()
    assert reached.stage == ComplaintStage.CLOSED
    page = client.get(f"/tickets/{reached.ticket_id}/").content.decode()
    assert 'data-testid="finding"' in page and 'data-testid="finding-history"' in page


def test_the_panel_records_the_finding_before_the_callback(client, answered, agent, other_agent, logistics):
    client.force_login(agent)
    client.post(f"/complaints/{answered.pk}/finding/", {"root_cause": "logistics",
                                                        "responsible_department": logistics.pk})
    assert ComplaintFinding.objects.filter(complaint=answered).exists()
    callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", solved=True,
                            first_contact=True, satisfaction=5, now=T0 + timedelta(hours=5))
    answered.refresh_from_db()
    assert answered.stage == ComplaintStage.CLOSED  # closed by its rule at once


def test_the_panel_force_close_needs_the_finding(client, answered, manager, logistics):
    client.force_login(manager)
    url = f"/complaints/{answered.pk}/force_close/"
    client.post(url, {"reason": "客户撤诉"})
    answered.refresh_from_db()
    assert answered.stage == ComplaintStage.ANSWERED
    client.post(url, {"reason": "客户撤诉", "root_cause": "policy", "responsible_department": logistics.pk})
    answered.refresh_from_db()
    assert answered.stage == ComplaintStage.CLOSED


def test_switched_off_the_callback_closes_without_a_finding(settings, answered, other_agent):
    settings.COMPLAINTS_ROOT_CAUSE_REQUIRED = False
    callback_attempt_record(actor=other_agent, task=answered.callbacks.get(), outcome="reached", solved=True,
                            first_contact=True, satisfaction=5, now=T0 + timedelta(hours=5))
    answered.refresh_from_db()
    assert answered.stage == ComplaintStage.CLOSED

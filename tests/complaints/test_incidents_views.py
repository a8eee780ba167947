"""Incident pages: the lead confirms, links, broadcasts and resolves from the page;
out of scope is 404; a refused move is a message, never a 500."""

import pytest

from complaints.models import CallbackTask, ComplaintStage, IncidentStatus, OutboundMessage
from complaints.services import complaint_assess
from complaints.services.incidents import incident_open

from .conftest import T0


@pytest.fixture
def suspected(lead, category):
    return incident_open(actor=lead, title="批量延误事件", category=category, now=T0)


def test_lead_runs_the_incident_from_the_page(client, lead, agent, suspected, make_complaint):
    child = complaint_assess(actor=agent, complaint=make_complaint(), severity="general", now=T0)
    client.force_login(lead)
    assert "批量延误事件" in client.get("/complaints/incidents/").content.decode()
    base = f"/complaints/incidents/{suspected.pk}/"
    assert client.get(base).status_code == 200
    client.post(base + "confirm/", {"major_reasons": ["media"]})
    client.post(base + "link_all/")
    page = client.get(base).content.decode()
    assert child.ticket.number in page
    client.post(base + "broadcast/", {"body": "正在排查"})
    assert OutboundMessage.objects.filter(complaint=child, purpose="stage_reply").count() == 1
    response = client.post(base + "dismiss/", {"reason": "x"}, follow=True)
    assert response.status_code == 200  # refused (409) shown as a message
    client.post(base + "resolve/", {"resolution": "已全部处理"})
    suspected.refresh_from_db()
    child.refresh_from_db()
    assert suspected.status == IncidentStatus.RESOLVED and child.stage == ComplaintStage.ANSWERED
    assert CallbackTask.objects.filter(complaint=child).exists()


def test_out_of_scope_and_bad_action(client, lead, suspected, merchandise_staff):
    client.force_login(merchandise_staff)
    assert client.get(f"/complaints/incidents/{suspected.pk}/").status_code == 404
    assert client.post(f"/complaints/incidents/{suspected.pk}/confirm/").status_code == 404
    client.force_login(lead)
    assert client.post(f"/complaints/incidents/{suspected.pk}/nonsense/", follow=True).status_code == 200
    assert client.post(f"/complaints/incidents/{suspected.pk}/link/", {"link": "abc"}, follow=True).status_code == 200

"""The incident and finding API: wiring, scope (404), bad input (400), rules (403/409)."""

import pytest
from rest_framework.test import APIClient

from complaints.models import IncidentLink, LinkStatus, OutboundMessage, RootCause
from complaints.services import complaint_assess
from complaints.services.incidents import incident_open

from .conftest import T0

BASE = "/api/v1"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def suspected(lead, category, logistics):
    category.default_department = logistics
    category.save()
    return incident_open(actor=lead, title="批量延误", category=category, now=T0)


def test_lead_confirms_links_broadcasts_and_resolves(lead, agent, suspected, make_complaint, logistics):
    complaint = complaint_assess(actor=agent, complaint=make_complaint(), severity="general", now=T0)
    c = api(lead)
    r = c.post(f"{BASE}/incidents/{suspected.pk}/confirm/", {"major_reasons": ["media"]}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "confirmed" and r.json()["suggested"] == 1
    r = c.post(f"{BASE}/incidents/{suspected.pk}/links/", {"complaint": complaint.pk}, format="json")
    assert r.json()["linked"] == 1
    assert IncidentLink.objects.get(complaint=complaint).status == LinkStatus.LINKED
    for _ in range(2):
        r = c.post(f"{BASE}/incidents/{suspected.pk}/broadcast/", {"body": "正在处理", "key": "k1"}, format="json")
        assert r.status_code == 200
    assert OutboundMessage.objects.filter(complaint=complaint, purpose="stage_reply").count() == 1
    r = c.post(f"{BASE}/incidents/{suspected.pk}/dismiss/", {"reason": "x"}, format="json")
    assert r.status_code == 409
    r = c.post(f"{BASE}/incidents/{suspected.pk}/resolve/", {"resolution": "已解决"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "resolved"


def test_bad_input_and_scope(lead, agent, suspected, merchandise_staff):
    c = api(lead)
    assert c.post(f"{BASE}/incidents/{suspected.pk}/confirm/", {"major_reasons": ["aliens"]},
                  format="json").status_code == 400
    assert c.post(f"{BASE}/incidents/{suspected.pk}/dismiss/", {"reason": ""}, format="json").status_code == 400
    assert c.post(f"{BASE}/incidents/999999/confirm/", {}, format="json").status_code == 404
    assert api(agent).post(f"{BASE}/incidents/{suspected.pk}/confirm/", {}, format="json").status_code == 403
    other = api(merchandise_staff)
    assert other.get(f"{BASE}/incidents/{suspected.pk}/").status_code == 404
    assert other.get(f"{BASE}/incidents/").json()["count"] == 0
    assert api(lead).get(f"{BASE}/incidents/?status=suspected").json()["count"] == 1
    assert api(lead).get(f"{BASE}/incidents/?status=nonsense").status_code == 400


def test_finding_dispute_path(agent, manager, make_complaint, logistics, logistics_staff):
    from tests.factories import make_staff
    from tickets.models import Role

    head = make_staff(Role.DEPT_HEAD, logistics, username="lhead")
    complaint = make_complaint()
    r = api(agent).post(f"{BASE}/complaints/{complaint.pk}/finding/",
                        {"root_cause": "logistics", "responsible_department": logistics.pk}, format="json")
    assert r.status_code == 200, r.content
    fid = r.json()["id"]
    assert api(agent).post(f"{BASE}/complaints/{complaint.pk}/finding/",
                           {"root_cause": "nope", "responsible_department": logistics.pk},
                           format="json").status_code == 404
    assert api(logistics_staff).post(f"{BASE}/findings/{fid}/confirm/", {}, format="json").status_code == 403
    r = api(head).post(f"{BASE}/findings/{fid}/dispute/", {"reason": "承运商"}, format="json")
    assert r.json()["status"] == "disputed"
    r = api(manager).post(f"{BASE}/findings/{fid}/decide/", {"uphold": True, "reason": "证据充分"}, format="json")
    assert r.json()["status"] == "upheld"
    assert api(logistics_staff).get(f"{BASE}/findings/").json()["count"] == 1
    assert RootCause.objects.filter(code="logistics").exists()

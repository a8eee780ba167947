"""Master incidents: confirm/dismiss, children suggested then linked, the broadcast
(one message per child, once however often it is sent), resolution giving every child
its final reply and callback; major incidents for the reports."""

from datetime import timedelta

import pytest

from complaints.models import (
    CallbackTask,
    ComplaintStage,
    IncidentLink,
    IncidentStatus,
    LinkStatus,
    OutboundMessage,
)
from complaints.selectors_incidents import incident_scope, major_incidents
from complaints.services import complaint_assess
from complaints.services.incidents import (
    incident_broadcast,
    incident_confirm,
    incident_dismiss,
    incident_link_decide,
    incident_open,
    incident_resolve,
    incident_suggest_for_complaint,
)
from slacenter.errors import Conflict, DomainError
from tests.factories import CustomerFactory

from .conftest import T0


@pytest.fixture
def children(make_complaint, agent):
    out = []
    for i in range(3):
        c = make_complaint(customer=CustomerFactory(name=f"客户{i}", phone=f"1380000000{i}"))
        out.append(complaint_assess(actor=agent, complaint=c, severity="general", now=T0))
    return out


@pytest.fixture
def incident(lead, category, children, logistics):
    incident = incident_open(actor=lead, title="仓库系统故障导致延误", category=category, now=T0)
    return incident_confirm(actor=lead, incident=incident, responsible_department=logistics,
                            major_reasons=["many_customers"], now=T0 + timedelta(minutes=1))


def _link_all(lead, incident):
    for link in IncidentLink.objects.filter(incident=incident):
        incident_link_decide(actor=lead, link=link, accept=True, now=T0 + timedelta(minutes=2))


def test_confirm_suggests_matching_open_complaints(incident, children):
    assert incident.status == IncidentStatus.CONFIRMED
    assert set(IncidentLink.objects.filter(incident=incident, status=LinkStatus.SUGGESTED)
               .values_list("complaint_id", flat=True)) == {c.pk for c in children}


def test_only_leads_manage_and_dismiss_needs_reason(agent, lead, category):
    with pytest.raises(DomainError):
        incident_open(actor=agent, title="x", category=category)
    incident = incident_open(actor=lead, title="误报", category=category, now=T0)
    with pytest.raises(DomainError):
        incident_dismiss(actor=lead, incident=incident, reason="", now=T0)
    assert incident_dismiss(actor=lead, incident=incident, reason="正常波动", now=T0).status == "dismissed"
    with pytest.raises(Conflict):
        incident_confirm(actor=lead, incident=incident, now=T0)


def test_broadcast_one_message_per_child_once(lead, incident, children):
    _link_all(lead, incident)
    before = OutboundMessage.objects.filter(purpose="stage_reply").count()
    for _ in range(2):
        incident_broadcast(actor=lead, incident=incident, body="系统已修复，正在补发", key="b1",
                           now=T0 + timedelta(hours=1))
    msgs = OutboundMessage.objects.filter(purpose="stage_reply")
    assert msgs.count() - before == 3
    assert sorted(m.complaint_id for m in msgs) == sorted(c.pk for c in children)
    assert len({m.recipient for m in msgs}) == 3


def test_resolve_gives_every_child_its_final_reply_and_callback(lead, incident, children):
    _link_all(lead, incident)
    incident = incident_resolve(actor=lead, incident=incident, resolution="已全部补发并赔偿运费",
                                now=T0 + timedelta(hours=2))
    assert incident.status == IncidentStatus.RESOLVED
    for c in children:
        c.refresh_from_db()
        assert c.stage == ComplaintStage.ANSWERED and "已全部补发" in c.final_reply
        assert CallbackTask.objects.filter(complaint=c).count() == 1
    assert incident_resolve(actor=lead, incident=incident, resolution="again").status == IncidentStatus.RESOLVED
    assert CallbackTask.objects.count() == 3


def test_new_complaint_suggested_at_intake(incident, make_complaint):
    c = make_complaint(customer=CustomerFactory(name="新客户", phone="13700000000"))
    [link] = incident_suggest_for_complaint(complaint=c, now=T0)
    assert link.incident == incident


def test_major_incidents_selector_and_scope(incident, logistics, merchandise, logistics_staff, merchandise_staff):
    assert list(major_incidents(logistics, T0 - timedelta(days=1), T0 + timedelta(days=90))) == [incident]
    assert list(major_incidents(merchandise, T0 - timedelta(days=1), T0 + timedelta(days=90))) == []
    assert list(major_incidents(logistics, T0 + timedelta(days=1), T0 + timedelta(days=90))) == []
    assert incident_scope(merchandise_staff).count() == 0


def test_admin_lists_and_confirms(client, incident, lead, category):
    from django.contrib.auth import get_user_model

    from complaints.models import Incident

    admin_user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin_user)
    for name in ("incident", "earlywarningrule", "earlywarningalert", "incidentlink"):
        assert client.get(f"/admin/complaints/{name}/").status_code == 200
    assert client.get(f"/admin/complaints/incident/{incident.pk}/change/").status_code == 200
    suspected = incident_open(actor=lead, title="待确认", category=category, now=T0)
    client.post("/admin/complaints/incident/", {"action": "confirm", "_selected_action": [suspected.pk]})
    assert Incident.objects.get(pk=suspected.pk).status == IncidentStatus.CONFIRMED


def test_intake_suggests_through_the_hook_and_tags(incident, make_complaint, agent, lead, category):
    from complaints.services.tags import complaint_tags_set

    c = make_complaint(customer=CustomerFactory(name="钩子", phone="13600000000"))
    assert IncidentLink.objects.filter(incident=incident, complaint=c, status=LinkStatus.SUGGESTED).exists()
    tag_incident = incident_confirm(actor=lead, incident=incident_open(actor=lead, title="SKU", tag="SKU-9", now=T0),
                                    now=T0)
    assert complaint_tags_set(actor=agent, complaint=c, tags=[" SKU-9 ", "SKU-9", ""], now=T0) == ["SKU-9"]
    assert IncidentLink.objects.filter(incident=tag_incident, complaint=c).exists()
    with pytest.raises(DomainError):
        complaint_tags_set(actor=agent, complaint=c, tags=["x" * 101], now=T0)


def test_admin_pages_of_findings_consultations_improvements(db, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root2", "root2@example.com", "pw"))
    for name in ("rootcause", "complaintfinding", "consultation", "improvementaction"):
        assert client.get(f"/admin/complaints/{name}/").status_code == 200
    assert client.get("/admin/complaints/rootcause/add/").status_code == 200
    assert client.get("/admin/complaints/improvementaction/add/").status_code == 403

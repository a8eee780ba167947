"""The demo's batch incidents: a confirmed one raised by the detection with linked
children and a broadcast, a suspected one awaiting the lead, and a resolved major
incident against Tech & Ops whose children have their final replies; a rerun adds none."""

from io import StringIO

import pytest
from django.core.management import call_command

from complaints.models import BroadcastDelivery, ComplaintStage, Incident, IncidentStatus, LinkStatus
from complaints.selectors_incidents import major_incidents

pytestmark = pytest.mark.django_db


def test_demo_incidents():
    call_command("seed_demo", stdout=StringIO(), tickets=40, customers=12)
    confirmed = Incident.objects.get(status=IncidentStatus.CONFIRMED)
    assert confirmed.alerts.exists() and confirmed.category.code == "late-delivery"
    linked = confirmed.links.filter(status=LinkStatus.LINKED)
    assert linked.count() >= 5 and confirmed.links.filter(status=LinkStatus.SUGGESTED).count() == 1
    assert BroadcastDelivery.objects.filter(broadcast__incident=confirmed, outcome="sent").count() == linked.count()

    suspected = Incident.objects.get(status=IncidentStatus.SUSPECTED)
    assert suspected.alerts.exists() and suspected.category.code == "quality"

    major = Incident.objects.get(status=IncidentStatus.RESOLVED)
    assert major.is_major and major.responsible_department.code == "techops"
    assert list(major_incidents(major.responsible_department, major.confirmed_at, major.resolved_at)) == [major]
    children = [link.complaint for link in major.links.filter(status=LinkStatus.LINKED)]
    assert len(children) == 5
    assert all(c.stage == ComplaintStage.ANSWERED and "原路退回" in c.final_reply for c in children)

    before = Incident.objects.count()
    call_command("seed_demo", stdout=StringIO(), tickets=40, customers=12)
    assert Incident.objects.count() == before == 3

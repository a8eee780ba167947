"""A new complaint matching a confirmed batch incident is suggested at intake and the
suggestion shows on the complaint panel of its ticket, where its handler (or a lead)
links it with one button; another agent sees the suggestion without the button and
is refused by the service; the incident's notification links to the incident page."""

from datetime import timedelta

import pytest

from complaints.models import IncidentLink, LinkStatus
from complaints.services.incidents import incident_confirm, incident_link_decide, incident_open
from slacenter.errors import DomainError
from tests.factories import CustomerFactory
from tickets.models import Notification

from .conftest import T0


@pytest.fixture
def confirmed(lead, category):
    incident = incident_open(actor=lead, title="华东仓系统故障导致配送延误", category=category, now=T0)
    return incident_confirm(actor=lead, incident=incident, now=T0)


@pytest.fixture
def new_complaint(confirmed, make_complaint, agent):
    from tickets.services import ticket_assign

    complaint = make_complaint(actor=agent, customer=CustomerFactory(name="新来的客户", phone="13700001234"),
                               title="订单三天未发货")
    ticket_assign(ticket=complaint.ticket, actor=agent, assignee=agent, now=T0)
    return complaint


def test_intake_suggests_and_the_handler_links_from_the_panel(client, agent, confirmed, new_complaint):
    link = IncidentLink.objects.get(incident=confirmed, complaint=new_complaint)
    assert link.status == LinkStatus.SUGGESTED
    client.force_login(agent)
    page = client.get(f"/tickets/{new_complaint.ticket_id}/").content.decode()
    assert 'data-testid="complaint-incidents"' in page and "华东仓系统故障导致配送延误" in page
    assert 'data-testid="incident-link-button"' in page
    response = client.post(f"/complaints/{new_complaint.pk}/incident_link/", {"link": link.pk})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == LinkStatus.LINKED and link.decided_by == agent
    page = client.get(f"/tickets/{new_complaint.ticket_id}/").content.decode()
    assert 'data-testid="incident-link-button"' not in page  # linked: nothing left to do


def test_other_agent_sees_no_button_and_is_refused(client, other_agent, lead, confirmed, new_complaint):
    link = IncidentLink.objects.get(incident=confirmed, complaint=new_complaint)
    with pytest.raises(DomainError):
        incident_link_decide(actor=other_agent, link=link, accept=True, now=T0)
    with pytest.raises(DomainError):  # declining stays the lead's, even for the handler
        incident_link_decide(actor=new_complaint.ticket.assignee, link=link, accept=False, now=T0)
    client.force_login(lead)
    page = client.get(f"/tickets/{new_complaint.ticket_id}/").content.decode()
    assert 'data-testid="incident-link-button"' in page  # the lead may link any suggestion
    bad = client.post(f"/complaints/{new_complaint.pk}/incident_link/", {"link": "99999999999999999999"})
    assert bad.status_code == 302
    link.refresh_from_db()
    assert link.status == LinkStatus.SUGGESTED


def test_incident_notification_links_to_the_incident(db, lead, manager, category):
    from complaints.models import EarlyWarningRule
    from complaints.services.early_warning import early_warning_detect
    from tests.factories import TicketFactory

    EarlyWarningRule.objects.all().delete()
    EarlyWarningRule.objects.create(name="按类别", min_count=5)
    customer = CustomerFactory()
    for _ in range(6):
        TicketFactory(kind="complaint", category=category, customer=customer, created_at=T0 - timedelta(minutes=10),
                      updated_at=T0)
    [alert] = early_warning_detect(now=T0)
    note = Notification.objects.get(recipient=lead, key__startswith=f"incident:{alert.incident_id}")
    assert note.url == f"/complaints/incidents/{alert.incident_id}/"

"""A broadcast stage reply reaches every linked customer as their own message: the
reply, their own complaint number and their own tracking link (the reply shown on
the tracking page stays as written)."""

from datetime import timedelta

from complaints.models import IncidentLink, OutboundMessage
from complaints.services.incidents import incident_broadcast, incident_confirm, incident_link_decide, incident_open
from tests.factories import CustomerFactory

from .conftest import T0


def test_each_message_names_its_own_complaint_and_link(lead, category, make_complaint):
    children = [make_complaint(customer=CustomerFactory(name=f"客户{i}", phone=f"1390000000{i}")) for i in range(2)]
    incident = incident_confirm(actor=lead, incident=incident_open(actor=lead, title="批量延误", category=category,
                                                                   now=T0), now=T0)
    for link in IncidentLink.objects.filter(incident=incident):
        incident_link_decide(actor=lead, link=link, accept=True, now=T0)
    incident_broadcast(actor=lead, incident=incident, body="仓库系统已恢复，正在加急发货。",
                       now=T0 + timedelta(hours=1))
    for child in children:
        [message] = OutboundMessage.objects.filter(complaint=child, purpose="stage_reply")
        assert message.body.startswith("仓库系统已恢复，正在加急发货。")
        assert child.ticket.number in message.body and f"/track/{child.tracking_token}/" in message.body
        other = next(c for c in children if c != child)
        assert other.ticket.number not in message.body and other.tracking_token not in message.body
        assert child.ticket.comments.filter(body="仓库系统已恢复，正在加急发货。").exists()

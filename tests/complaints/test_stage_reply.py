import pytest

from complaints.models import OutboundMessage
from complaints.services import complaint_stage_reply
from tickets.models import Comment

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_stage_reply_is_public_and_sent(make_complaint, agent):
    complaint = make_complaint()
    complaint_stage_reply(actor=agent, complaint=complaint, body="正在与物流核实", now=T0)
    assert Comment.objects.get(ticket=complaint.ticket).visibility == Comment.Visibility.PUBLIC
    assert OutboundMessage.objects.filter(complaint=complaint, purpose="stage_reply").count() == 1
    assert complaint.ticket.events.filter(kind="complaint.stage_reply").exists()

"""The customer's tracking page shows only customer-facing content and leaks nothing:
no internal notes, department exchanges, staff names, other complaints; unknown and
revoked tokens are the same 404."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from complaints.services import (
    complaint_assess,
    complaint_final_reply,
    complaint_stage_reply,
    tracking_link_reissue,
    tracking_link_revoke,
)
from tests.factories import record_finding
from tickets.models import Comment
from tickets.services import comment_add

from .conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def answered(make_complaint, agent, other_agent, lead, chain):
    agent.first_name, agent.last_name = "小明", "王"
    agent.save()
    complaint = make_complaint()
    other = make_complaint(title="另一个投诉的秘密标题")
    complaint_assess(actor=agent, complaint=complaint, severity="general", now=T0)
    comment_add(ticket=complaint.ticket, actor=agent, body="内部备注：客户难缠", visibility=Comment.Visibility.INTERNAL,
                now=T0)
    complaint_stage_reply(actor=agent, complaint=complaint, body="我们正在核实物流信息", now=T0 + timedelta(hours=1))
    record_finding(complaint, actor=agent, now=T0 + timedelta(hours=2))  # the survey closes it
    complaint_final_reply(actor=agent, complaint=complaint, body="已为您补发，运费已退", caller=other_agent,
                          now=T0 + timedelta(hours=3))
    return complaint, other


def test_shows_the_replies_and_the_survey_but_nothing_internal(client, answered):
    complaint, other = answered
    response = client.get(f"/track/{complaint.tracking_token}/")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer" and "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    assert complaint.ticket.number in html
    assert "我们正在核实物流信息" in html and "已为您补发" in html
    assert 'data-testid="survey"' in html
    for secret in ("内部备注", "客户难缠", "王小明", "agent", other.ticket.number, "另一个投诉的秘密标题",
                   complaint.customer_phone if hasattr(complaint, "customer_phone") else "13812345678"):
        assert secret not in html


def test_survey_once_then_thanks(client, answered):
    complaint, _other = answered
    url = f"/track/{complaint.tracking_token}/"
    response = client.post(url, {"solved": "yes", "satisfaction": "5", "comment": "谢谢"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == "closed"
    again = client.post(url, {"solved": "no", "satisfaction": "1"})
    assert again.status_code == 400
    assert complaint.callbacks.get().satisfaction == 5


def test_unknown_revoked_and_replaced_tokens_are_404(client, answered, agent):
    complaint, _other = answered
    old = complaint.tracking_token
    assert client.get("/track/" + "A" * 32 + "/").status_code == 404
    assert client.get(f"/track/{complaint.pk}/").status_code == 404
    complaint = tracking_link_reissue(actor=agent, complaint=complaint, now=T0)
    assert client.get(f"/track/{old}/").status_code == 404
    assert client.get(f"/track/{complaint.tracking_token}/").status_code == 200
    tracking_link_revoke(actor=agent, complaint=complaint, now=T0)
    response = client.get(f"/track/{complaint.tracking_token}/")
    assert response.status_code == 404 and response["Referrer-Policy"] == "no-referrer"


def test_rate_limited(client, answered):
    complaint, _other = answered
    codes = [client.get(f"/track/{complaint.tracking_token}/").status_code for _ in range(62)]
    assert codes[0] == 200 and codes[-1] == 429


def test_english_tracking_page(client, answered):
    complaint, _other = answered
    client.cookies["django_language"] = "en"
    html = client.get(f"/track/{complaint.tracking_token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your complaint" in html

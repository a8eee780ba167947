"""Issue 11: the service center rates each department answer (satisfied / not, with a
reason); the rating is logged, re-rating replaces it, and only who sees the exchange
in full sees the rating."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from slacenter.errors import Conflict, DomainError
from tickets import limits
from tickets.models import AnswerRating, TicketEvent, Transfer
from tickets.services import ticket_create, transfer_answer, transfer_bounce, transfer_create, transfer_rate

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="包裹未送达", channel="hotline", category=category)


@pytest.fixture
def answered(ticket, agent, logistics, logistics_staff):
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="包裹在哪？")
    return transfer_answer(transfer=transfer, actor=logistics_staff, answer="明天送达")


def test_agent_rates_and_rerates_last_one_wins(answered, agent, lead):
    t0 = timezone.now()
    transfer_rate(transfer=answered, actor=agent, satisfied=False, reason="答复未说明原因", now=t0)
    row = Transfer.objects.get(pk=answered.pk)
    assert (row.answer_rating, row.answer_rating_reason, row.answer_rated_by) == (
        AnswerRating.UNSATISFIED, "答复未说明原因", agent)
    transfer_rate(transfer=answered, actor=lead, satisfied=True, now=t0 + timedelta(minutes=5))
    row.refresh_from_db()
    assert (row.answer_rating, row.answer_rating_reason, row.answer_rated_by) == (AnswerRating.SATISFIED, "", lead)
    assert row.answer_rated_at == t0 + timedelta(minutes=5)
    events = list(answered.ticket.events.filter(kind=TicketEvent.Kind.TRANSFER_RATED).order_by("at"))
    assert [(e.old_value, e.new_value, e.reason, e.actor) for e in events] == [
        ("", "unsatisfied", "答复未说明原因", agent), ("unsatisfied", "satisfied", "", lead)]
    assert events[0].data == {"transfer": answered.pk, "department": answered.department_id}


def test_unsatisfied_needs_a_reason_within_the_limit(answered, agent):
    with pytest.raises(DomainError) as missing:
        transfer_rate(transfer=answered, actor=agent, satisfied=False, reason="  ")
    assert missing.value.extra["field"] == "reason"
    with pytest.raises(DomainError) as long:
        transfer_rate(transfer=answered, actor=agent, satisfied=False, reason="x" * (limits.RATING_REASON + 1))
    assert long.value.code == "too_long"
    assert Transfer.objects.get(pk=answered.pk).answer_rating == ""


def test_department_cannot_rate(answered, logistics_staff):
    with pytest.raises(DomainError) as refused:
        transfer_rate(transfer=answered, actor=logistics_staff, satisfied=True)
    assert refused.value.status == 403
    assert not TicketEvent.objects.filter(kind=TicketEvent.Kind.TRANSFER_RATED).exists()


def test_only_an_answered_transfer_is_rated(ticket, agent, logistics, logistics_staff):
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="?")
    with pytest.raises(Conflict):
        transfer_rate(transfer=transfer, actor=agent, satisfied=True)
    transfer_bounce(transfer=transfer, actor=logistics_staff, reason="不归我们")
    with pytest.raises(Conflict):
        transfer_rate(transfer=transfer, actor=agent, satisfied=True)


def test_api_rate_by_agent_refused_to_departments(answered, agent, logistics_staff, merchandise_staff):
    path = f"/api/v1/transfers/{answered.pk}/rate/"
    missing = client_for(agent).post(path, {"satisfied": False}, format="json")
    assert missing.status_code == 400 and missing.json()["detail"]
    response = client_for(agent).post(path, {"satisfied": False, "reason": "没有给出时间"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["answer_rating"], body["answer_rating_reason"], body["answer_rated_by"]["username"]) == (
        "unsatisfied", "没有给出时间", "agent")
    refused = client_for(logistics_staff).post(path, {"satisfied": True}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert client_for(merchandise_staff).post(path, {"satisfied": True}, format="json").status_code == 404
    assert Transfer.objects.get(pk=answered.pk).answer_rating == AnswerRating.UNSATISFIED


def test_api_unanswered_is_409(ticket, agent, logistics):
    transfer = transfer_create(ticket=ticket, actor=agent, department=logistics, question="?")
    response = client_for(agent).post(f"/api/v1/transfers/{transfer.pk}/rate/", {"satisfied": True}, format="json")
    assert response.status_code == 409


def test_summary_rows_do_not_show_the_rating(answered, agent, merchandise, merchandise_staff, logistics_staff):
    transfer_rate(transfer=answered, actor=agent, satisfied=False, reason="机密的不满意原因")
    transfer_create(ticket=answered.ticket, actor=agent, department=merchandise, question="商品问题")
    detail = client_for(merchandise_staff).get(f"/api/v1/tickets/{answered.ticket_id}/")
    assert detail.status_code == 200
    rows = {row["id"]: row for row in detail.json()["transfers"]}
    summary = rows[answered.pk]
    assert summary["in_full"] is False
    assert (summary["answer_rating"], summary["answer_rating_reason"], summary["answer_rated_by"]) == ("", "", None)
    assert "机密的不满意原因" not in detail.content.decode()
    own = client_for(logistics_staff).get("/api/v1/transfers/").json()["results"]
    assert [(r["answer_rating"], r["answer_rating_reason"]) for r in own] == [("unsatisfied", "机密的不满意原因")]


def test_page_rating_buttons_and_current_rating(client, answered, agent, logistics_staff):
    client.force_login(agent)
    page = client.get(reverse("tickets:detail", args=[answered.ticket_id])).content.decode()
    assert 'data-testid="rate-form"' in page and 'value="unsatisfied"' in page
    path = reverse("tickets:transfer_rate", args=[answered.pk])
    refused = client.post(path, {"rating": "unsatisfied", "reason": ""})
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    done = client.post(path, {"rating": "unsatisfied", "reason": "答复太笼统"})
    assert done.status_code == 302
    page = client.get(reverse("tickets:detail", args=[answered.ticket_id])).content.decode()
    assert 'data-testid="rating-value"' in page and "答复太笼统" in page
    client.force_login(logistics_staff)
    own = client.get(reverse("tickets:detail", args=[answered.ticket_id])).content.decode()
    assert "答复太笼统" in own and 'data-testid="rate-form"' not in own
    assert client.post(path, {"rating": "satisfied"}).status_code == 403
    assert Transfer.objects.get(pk=answered.pk).answer_rating == AnswerRating.UNSATISFIED


def test_admin_shows_the_rating_read_only(client, answered, agent, admin_user):
    transfer_rate(transfer=answered, actor=agent, satisfied=False, reason="管理端可见的原因")
    client.force_login(admin_user)
    page = client.get(reverse("admin:tickets_transfer_change", args=[answered.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "管理端可见的原因" in body and 'name="answer_rating_reason"' not in body


def test_department_inbox_shows_the_rating_of_its_answers(client, answered, agent, logistics_staff):
    transfer_rate(transfer=answered, actor=agent, satisfied=False, reason="请给出到货时间")
    client.force_login(logistics_staff)
    page = client.get(reverse("tickets:inbox")).content.decode()
    assert 'data-testid="inbox-rating"' in page and "请给出到货时间" in page

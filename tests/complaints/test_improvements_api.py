"""Improvement actions through the API and the pages: propose (service center only),
accept / reject with a reason / complete by the department, verify by the service
center with the category's counts before and after; scope (another department 404),
bad input 400, illegal moves 409; the list's overdue filter and marker; escalation is
scheduled on beat."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import ImprovementAction, ImprovementStatus
from complaints.services.improvements import improvement_propose
from tests.factories import TicketFactory

from .conftest import T0

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def action(lead, logistics, category):
    now = timezone.now()
    return improvement_propose(actor=lead, department=logistics, category=category, suggestion="大促期间启用备用承运商",
                               due_at=now + timedelta(days=14), now=now - timedelta(days=1))


def test_propose_through_the_api(lead, agent, logistics, category, logistics_staff):
    url = "/api/v1/improvements/"
    body = {"department": logistics.pk, "suggestion": "增加夜班分拣", "category": category.pk,
            "root_cause": "logistics", "due_at": (timezone.now() + timedelta(days=10)).isoformat()}
    assert api(agent).post(url, body, format="json").status_code == 403
    assert api(logistics_staff).post(url, body, format="json").status_code == 403
    assert api(lead).post(url, {**body, "due_at": "2001-01-01T00:00:00Z"}, format="json").status_code == 400
    assert api(lead).post(url, {**body, "root_cause": "nope"}, format="json").status_code == 400
    assert api(lead).post(url, {**body, "suggestion": ""}, format="json").status_code == 400
    assert api(lead).post(url, {**body, "department": 999999}, format="json").status_code == 400
    response = api(lead).post(url, body, format="json")
    assert response.status_code == 201 and response.json()["status"] == ImprovementStatus.PROPOSED
    assert response.json()["root_cause"] == "logistics" and response.json()["overdue"] is False


def test_transitions_through_the_api(action, lead, logistics_staff, merchandise_staff, category):
    base = f"/api/v1/improvements/{action.pk}"
    dept = api(logistics_staff)
    assert api(merchandise_staff).get(f"{base}/").status_code == 404
    assert api(merchandise_staff).post(f"{base}/accept/", {}, format="json").status_code == 404
    assert dept.post(f"{base}/complete/", {}, format="json").status_code == 409  # not accepted yet
    assert dept.post(f"{base}/reject/", {}, format="json").status_code == 400  # reason required
    assert api(lead).post(f"{base}/accept/", {}, format="json").status_code == 403  # the department answers
    assert dept.post(f"{base}/accept/", {}, format="json").json()["status"] == ImprovementStatus.ACCEPTED
    assert dept.post(f"{base}/reject/", {"reason": "x"}, format="json").status_code == 409
    assert api(lead).post(f"{base}/verify/", {}, format="json").status_code == 409  # not done
    TicketFactory(kind="complaint", category=category, created_at=timezone.now() - timedelta(days=1, hours=1),
                  updated_at=timezone.now())
    assert dept.post(f"{base}/complete/", {}, format="json").json()["status"] == ImprovementStatus.DONE
    assert dept.post(f"{base}/verify/", {}, format="json").status_code == 403
    verified = api(lead).post(f"{base}/verify/", {}, format="json").json()
    assert verified["status"] == ImprovementStatus.VERIFIED
    assert verified["count_before"] is not None and verified["count_after"] == 0


def test_reject_with_a_reason(action, logistics_staff):
    response = api(logistics_staff).post(f"/api/v1/improvements/{action.pk}/reject/", {"reason": "成本过高"},
                                         format="json")
    assert response.status_code == 200 and response.json()["reject_reason"] == "成本过高"


def test_list_scope_and_overdue(action, lead, logistics, merchandise, logistics_staff, merchandise_staff):
    late = improvement_propose(actor=lead, department=merchandise, suggestion="提高抽检比例",
                               due_at=timezone.now() + timedelta(minutes=1), now=timezone.now() - timedelta(days=9))
    ImprovementAction.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    assert api(lead).get("/api/v1/improvements/").json()["count"] == 2
    overdue = api(lead).get("/api/v1/improvements/?overdue=true").json()
    assert overdue["count"] == 1 and overdue["results"][0]["id"] == late.pk and overdue["results"][0]["overdue"]
    assert api(logistics_staff).get("/api/v1/improvements/").json()["count"] == 1
    assert api(merchandise_staff).get(f"/api/v1/improvements/?department={logistics.pk}").json()["count"] == 0
    assert api(lead).get("/api/v1/improvements/?status=bogus").status_code == 400


def test_pages_list_detail_and_moves(client, action, lead, logistics_staff, merchandise_staff, category):
    client.force_login(logistics_staff)
    page = client.get("/complaints/improvements/").content.decode()
    assert "大促期间启用备用承运商" in page and 'data-testid="improvement-new"' not in page
    detail = client.get(f"/complaints/improvements/{action.pk}/").content.decode()
    assert 'data-testid="improvement-accept"' in detail and 'data-testid="improvement-verify"' not in detail
    client.post(f"/complaints/improvements/{action.pk}/reject/", {"reason": ""})
    action.refresh_from_db()
    assert action.status == ImprovementStatus.PROPOSED  # a reason is required
    client.post(f"/complaints/improvements/{action.pk}/accept/")
    client.post(f"/complaints/improvements/{action.pk}/complete/")
    action.refresh_from_db()
    assert action.status == ImprovementStatus.DONE
    client.force_login(merchandise_staff)
    assert client.get(f"/complaints/improvements/{action.pk}/").status_code == 404
    assert client.post(f"/complaints/improvements/{action.pk}/verify/").status_code == 404
    client.force_login(lead)
    detail = client.get(f"/complaints/improvements/{action.pk}/").content.decode()
    assert 'data-testid="improvement-counts"' in detail and 'data-testid="improvement-verify"' in detail
    client.post(f"/complaints/improvements/{action.pk}/verify/")
    action.refresh_from_db()
    assert action.status == ImprovementStatus.VERIFIED and action.count_before is not None


def test_propose_page(client, lead, agent, logistics, category):
    client.force_login(agent)
    assert client.get("/complaints/improvements/new/").status_code == 404
    client.force_login(lead)
    assert client.get("/complaints/improvements/new/").status_code == 200
    bad = client.post("/complaints/improvements/new/", {"department": logistics.pk, "suggestion": "x",
                                                        "due": "2001-01-01"})
    assert bad.status_code == 400 and not ImprovementAction.objects.exists()
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.post("/complaints/improvements/new/", {"department": logistics.pk, "category": category.pk,
                                                             "root_cause": "logistics", "suggestion": "增加夜班分拣",
                                                             "due": due})
    created = ImprovementAction.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/improvements/{created.pk}/")


def test_overdue_marker_on_the_list(client, lead, merchandise):
    late = improvement_propose(actor=lead, department=merchandise, suggestion="提高抽检比例",
                               due_at=T0 + timedelta(days=1), now=T0)
    ImprovementAction.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    client.force_login(lead)
    page = client.get("/complaints/improvements/?overdue=on").content.decode()
    assert "提高抽检比例" in page and 'data-testid="overdue"' in page


def test_escalation_is_on_beat():
    from django.conf import settings

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"complaints.improvements_escalate", "complaints.findings_lapse"} <= schedule


def test_notifications_link_to_the_action(lead, manager, logistics):
    from complaints.services.improvements import improvements_escalate
    from tests.factories import make_staff
    from tickets.models import Notification, Role

    head = make_staff(Role.DEPT_HEAD, logistics, username="log_head")
    logistics.head = head
    logistics.save(update_fields=["head"])
    action = improvement_propose(actor=lead, department=logistics, suggestion="增加夜班分拣",
                                 due_at=T0 + timedelta(days=7), now=T0)
    url = f"/complaints/improvements/{action.pk}/"
    assert Notification.objects.get(recipient=head, key__startswith=f"improvement:{action.pk}").url == url
    assert improvements_escalate(now=T0 + timedelta(days=8)) == 1
    for user in (manager, head):
        assert Notification.objects.get(recipient=user, key__startswith=f"improvement-overdue:{action.pk}").url == url

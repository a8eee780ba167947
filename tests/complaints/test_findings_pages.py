"""The accountability dispute path through the pages and the API: the logistics head
sees the finding for the department (deadline, complaint), disputes with a reason, the
service manager is notified and decides on the disputed page; another department's
head gets 404s; bad input is 400, a second answer 409; the list filters stay in scope."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from complaints.models import FindingStatus, RootCause
from complaints.services.accountability import finding_record
from tests.factories import make_staff
from tickets.models import Notification, Role

from .conftest import T0

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def head_of(department, username):
    head = make_staff(Role.DEPT_HEAD, department, username=username)
    department.head = head
    department.save(update_fields=["head"])
    return head


@pytest.fixture
def logistics_head(logistics):
    return head_of(logistics, "logistics_head")


@pytest.fixture
def merchandise_head(merchandise):
    return head_of(merchandise, "merch_head")


@pytest.fixture
def finding(make_complaint, agent, logistics, logistics_staff, logistics_head):
    return finding_record(actor=agent, complaint=make_complaint(title="快递延误五天"),
                          root_cause=RootCause.objects.get(code="logistics"), responsible_department=logistics,
                          responsible_person=logistics_staff, note="中转站爆仓", now=T0)


@pytest.fixture
def other_finding(make_complaint, agent, merchandise, merchandise_head):
    return finding_record(actor=agent, complaint=make_complaint(title="商品质量差"),
                          root_cause=RootCause.objects.get(code="product_quality"),
                          responsible_department=merchandise, now=T0 - timedelta(days=40))


def test_the_head_is_notified_with_a_link_to_the_finding(finding, logistics_head):
    note = Notification.objects.get(recipient=logistics_head, key__startswith=f"finding:{finding.pk}")
    assert note.url == f"/complaints/findings/{finding.pk}/"


def test_dispute_path_through_the_pages(client, finding, other_finding, logistics_head, manager):
    client.force_login(logistics_head)
    page = client.get("/complaints/findings/department/").content.decode()
    assert finding.complaint.ticket.number in page and "快递延误五天" in page
    assert 'data-testid="nav-findings-waiting">1<' in page  # the header counts what awaits the head
    assert 'data-testid="finding-deadline"' in page and other_finding.complaint.ticket.number not in page
    url = f"/complaints/findings/{finding.pk}/dispute/"
    client.post(url, {"reason": ""})  # refused: a reason is required
    finding.refresh_from_db()
    assert finding.status == FindingStatus.PENDING
    client.post(url, {"reason": "承运商合同约定由承运商承担", "next": "/complaints/findings/department/"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISPUTED and finding.dispute_reason == "承运商合同约定由承运商承担"
    note = Notification.objects.get(recipient=manager, key__startswith=f"finding-dispute:{finding.pk}")
    assert note.url == f"/complaints/findings/{finding.pk}/"
    assert client.post(f"/complaints/findings/{finding.pk}/decide/", {"decision": "uphold", "reason": "x"}
                       ).status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISPUTED  # the head cannot decide

    client.force_login(manager)
    page = client.get("/complaints/findings/disputed/").content.decode()
    assert finding.complaint.ticket.number in page and "承运商合同约定由承运商承担" in page
    assert 'data-testid="nav-findings-waiting">1<' in page
    client.post(f"/complaints/findings/{finding.pk}/decide/", {"decision": "maybe", "reason": "x"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISPUTED  # bad input changes nothing
    client.post(f"/complaints/findings/{finding.pk}/decide/",
                {"decision": "uphold", "reason": "出库记录显示延误在仓库"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.UPHELD and finding.decided_by == manager
    detail = client.get(f"/complaints/findings/{finding.pk}/").content.decode()
    assert "出库记录显示延误在仓库" in detail and 'data-testid="finding-history"' in detail
    assert 'data-testid="nav-findings-waiting"' not in detail  # nothing left to decide
    assert detail.count("<li>") >= 3  # recorded, disputed, upheld


def test_another_departments_head_gets_404(client, finding, other_finding, merchandise_head):
    client.force_login(merchandise_head)
    assert client.get(f"/complaints/findings/{finding.pk}/").status_code == 404
    assert client.post(f"/complaints/findings/{finding.pk}/confirm/").status_code == 404
    assert client.post(f"/complaints/findings/{finding.pk}/dispute/", {"reason": "x"}).status_code == 404
    assert finding.complaint.ticket.number not in client.get("/complaints/findings/").content.decode()
    client_api = api(merchandise_head)
    assert client_api.get(f"/api/v1/findings/{finding.pk}/").status_code == 404
    assert client_api.post(f"/api/v1/findings/{finding.pk}/confirm/", {}, format="json").status_code == 404
    assert client_api.post(f"/api/v1/findings/{finding.pk}/dispute/", {"reason": "x"},
                           format="json").status_code == 404
    assert client_api.get("/api/v1/findings/").json()["count"] == 1  # only their own


def test_pages_are_for_their_roles(client, finding, agent, logistics_staff):
    client.force_login(agent)
    assert client.get("/complaints/findings/department/").status_code == 404
    assert client.get("/complaints/findings/disputed/").status_code == 404
    assert client.get("/complaints/findings/").status_code == 200
    client.force_login(logistics_staff)
    page = client.get(f"/complaints/findings/{finding.pk}/").content.decode()
    assert 'data-testid="finding-confirm"' not in page  # staff see it, only the head answers


def test_dispute_path_through_the_api(finding, logistics_head, manager, lead):
    head = api(logistics_head)
    assert head.post(f"/api/v1/findings/{finding.pk}/dispute/", {}, format="json").status_code == 400
    assert head.post(f"/api/v1/findings/{finding.pk}/dispute/", {"reason": " "}, format="json").status_code == 400
    response = head.post(f"/api/v1/findings/{finding.pk}/dispute/", {"reason": "承运商原因"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == FindingStatus.DISPUTED
    assert head.post(f"/api/v1/findings/{finding.pk}/confirm/", {}, format="json").status_code == 409
    assert api(lead).post(f"/api/v1/findings/{finding.pk}/decide/", {"uphold": True, "reason": "x"},
                          format="json").status_code == 403
    boss = api(manager)
    assert boss.post(f"/api/v1/findings/{finding.pk}/decide/", {"uphold": "perhaps", "reason": "x"},
                     format="json").status_code == 400
    response = boss.post(f"/api/v1/findings/{finding.pk}/decide/", {"uphold": False, "reason": "确为承运商责任"},
                         format="json")
    assert response.status_code == 200 and response.json()["status"] == FindingStatus.OVERTURNED
    assert boss.post(f"/api/v1/findings/{finding.pk}/decide/", {"uphold": True, "reason": "again"},
                     format="json").status_code == 409
    detail = boss.get(f"/api/v1/findings/{finding.pk}/").json()
    assert detail["decision_reason"] == "确为承运商责任" and detail["ticket_number"] == finding.complaint.ticket.number


def test_list_filters(client, finding, other_finding, manager, logistics, merchandise):
    client_api = api(manager)
    assert client_api.get("/api/v1/findings/").json()["count"] == 2
    assert client_api.get(f"/api/v1/findings/?department={logistics.pk}").json()["count"] == 1
    assert client_api.get("/api/v1/findings/?root_cause=product_quality").json()["count"] == 1
    assert client_api.get("/api/v1/findings/?status=pending").json()["count"] == 2
    assert client_api.get("/api/v1/findings/?month=2026-11").json()["count"] == 1
    assert client_api.get("/api/v1/findings/?month=2026-13").status_code == 400
    assert client_api.get("/api/v1/findings/?status=nonsense").status_code == 400
    client.force_login(manager)
    page = client.get(f"/complaints/findings/?department={merchandise.pk}&month=2026-10").content.decode()
    assert other_finding.complaint.ticket.number in page and finding.complaint.ticket.number not in page
    assert client.get("/complaints/findings/?month=junk").status_code == 400
    assert client.get("/complaints/findings/?root_cause=nope").status_code == 400


def test_the_panel_shows_the_finding_and_its_history(client, finding, agent):
    client.force_login(agent)
    page = client.get(f"/tickets/{finding.complaint.ticket_id}/").content.decode()
    assert 'data-testid="finding-status"' in page and f"/complaints/findings/{finding.pk}/" in page
    assert 'data-testid="finding-form"' in page  # correctable until the department answers

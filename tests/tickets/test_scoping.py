"""Scoping with asymmetric fixtures: department A (logistics) owns or was asked about
2 tickets, department B (merchandise) 4, the center has 6 more. Every count differs,
so a leak in list, detail, search, attachment download, customers or the transfer
inbox changes a number."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import CustomerFactory, TicketFactory, UserFactory
from tickets.models import Attachment, TicketEvent, TicketStatus, Transfer

pytestmark = pytest.mark.django_db

# user fixture name -> (tickets, transfers in inbox, customers, tickets matching "包裹b")
EXPECTED = {
    "lead": (12, 3, 12, 4),
    "agent": (4, 0, 12, 0),
    "logistics_staff": (2, 1, 2, 0),
    "merchandise_staff": (4, 2, 4, 4),
    "no_role": (0, 0, 0, 0),
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def no_role(db):
    return UserFactory(username="nobody")


@pytest.fixture
def world(center, logistics, merchandise, agent, other_agent, category):
    now = timezone.now()
    working = {"status": TicketStatus.IN_PROGRESS, "assignee": other_agent}

    def ticket(title, department=center, **fields):
        return TicketFactory(
            title=f"包裹{title}", responsible_department=department, category=category,
            customer=CustomerFactory(), **{**working, **fields},
        )

    # What the agent sees: assigned, created, touched, and the open unassigned pool.
    own = ticket("own", assignee=agent)
    ticket("created", created_by=agent)
    touched = ticket("touched")
    TicketEvent.objects.create(ticket=touched, kind=TicketEvent.Kind.COMMENTED, actor=agent, at=now)
    ticket("pool", assignee=None, status=TicketStatus.NEW)
    # What the agent does not see: someone else's, and a closed unassigned one.
    ticket("other")
    ticket("closed", assignee=None, status=TicketStatus.CLOSED)
    # Department A: one owned, one transferred. Department B: two owned, two transferred.
    ticket("a-owned", logistics)
    transfers = [Transfer(ticket=ticket("a-asked"), department=logistics, question="?", requested_at=now)]
    ticket("b-owned-1", merchandise)
    ticket("b-owned-2", merchandise)
    transfers += [Transfer(ticket=ticket(f"b-asked-{n}"), department=merchandise, question="?", requested_at=now)
                  for n in (1, 2)]
    Transfer.objects.bulk_create(transfers)
    from tickets.models import Ticket

    for t in Ticket.objects.all():
        Attachment.objects.create(
            ticket=t, file=ContentFile(b"proof", name="p.txt"), original_name=f"{t.title}.txt",
            content_type="text/plain", size=5, created_at=now,
        )
    return {"own": own}


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def count(client, url, **params) -> int:
    response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.mark.parametrize("who", EXPECTED)
def test_list_search_detail_and_downloads_agree(request, world, who):
    from tickets.models import Attachment, Ticket

    tickets, _transfers, _customers, department_b = EXPECTED[who]
    client = client_for(request.getfixturevalue(who))
    assert count(client, "/api/v1/tickets/") == tickets
    assert count(client, "/api/v1/tickets/", q="包裹") == tickets
    assert count(client, "/api/v1/tickets/", q="包裹b") == department_b
    visible = sum(client.get(f"/api/v1/tickets/{pk}/").status_code == 200 for pk in Ticket.objects.values_list(
        "pk", flat=True))
    assert visible == tickets
    downloads = [client.get(f"/api/v1/attachments/{a.pk}/download/") for a in Attachment.objects.all()]
    assert sum(r.status_code == 200 for r in downloads) == tickets
    assert {r.status_code for r in downloads} <= {200, 404}


@pytest.mark.parametrize("who", EXPECTED)
def test_transfer_inbox_and_customers(request, world, who):
    _tickets, transfers, customers, _department_b = EXPECTED[who]
    client = client_for(request.getfixturevalue(who))
    assert count(client, "/api/v1/transfers/") == transfers
    assert count(client, "/api/v1/customers/") == customers


def test_department_filter_cannot_widen_scope(world, logistics, merchandise, logistics_staff):
    client = client_for(logistics_staff)
    assert count(client, "/api/v1/tickets/", department=merchandise.pk) == 0
    assert count(client, "/api/v1/tickets/", department=logistics.pk) == 2


def test_customer_history_is_scoped(world, agent, other_agent):
    customer = world["own"].customer
    TicketFactory(customer=customer, responsible_department=world["own"].responsible_department,
                  category=world["own"].category, assignee=other_agent, status=TicketStatus.IN_PROGRESS)
    assert count(client_for(agent), f"/api/v1/customers/{customer.pk}/tickets/") == 1
    lead_client = client_for(UserFactory(username="boss", is_superuser=True, is_staff=True))
    assert count(lead_client, f"/api/v1/customers/{customer.pk}/tickets/") == 2


def test_out_of_scope_commands_are_404(world, logistics_staff, merchandise):
    from tickets.models import Ticket

    hidden = Ticket.objects.get(title="包裹b-owned-1")
    client = client_for(logistics_staff)
    assert client.post(f"/api/v1/tickets/{hidden.pk}/comments/", {"body": "x"}).status_code == 404
    assert client.post(f"/api/v1/tickets/{hidden.pk}/transition/", {"action": "resolve"}).status_code == 404
    transfer = Transfer.objects.filter(department=merchandise).first()
    assert client.post(f"/api/v1/transfers/{transfer.pk}/answer/", {"answer": "x"}).status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == "open"
    assert not hidden.comments.exists()

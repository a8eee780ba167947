"""Issue 7 part 1: nothing outside a user's scope can be read or probed — masked phone
digits, ids behind filters, other departments' exchanges, the API description."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import CustomerFactory, TicketFactory
from tickets.models import Transfer
from tickets.services import transfer_answer, transfer_create

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.force_login(user)
    return client


def page_as(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def logistics_ticket(center, logistics, customer, category):
    return TicketFactory(customer=customer, category=category, responsible_department=logistics,
                         title="物流工单", responsible_department_id=logistics.pk)


# --- Masked phone ----------------------------------------------------------------------


@pytest.mark.parametrize("term", ["1234", "38123", "13812345678", "5678"])
def test_department_cannot_search_tickets_by_phone_digits(logistics_staff, logistics_ticket, term):
    api = api_as(logistics_staff)
    assert api.get("/api/v1/tickets/", {"q": term}).json()["count"] == 0
    assert api.get("/api/v1/customers/", {"q": term}).json()["count"] == 0
    assert api.get(f"/api/v1/customers/{logistics_ticket.customer_id}/tickets/", {"q": term}).json()["count"] == 0
    page = page_as(logistics_staff)
    assert logistics_ticket.number not in page.get("/tickets/", {"tab": "all", "q": term}).content.decode()
    assert "张三" not in page.get("/customers/search/", {"customer_q": term}).content.decode()


def test_department_still_finds_by_name(logistics_staff, logistics_ticket):
    api = api_as(logistics_staff)
    assert api.get("/api/v1/tickets/", {"q": "张三"}).json()["count"] == 1
    assert api.get("/api/v1/customers/", {"q": "张三"}).json()["count"] == 1


def test_service_staff_who_see_the_full_number_search_by_it(agent, logistics_ticket):
    api = api_as(agent)
    assert api.get("/api/v1/customers/", {"q": "1234"}).json()["count"] == 1
    assert "张三" in page_as(agent).get("/customers/search/", {"customer_q": "2345"}).content.decode()


# --- Existence oracle through id filters ----------------------------------------------


@pytest.mark.parametrize(
    ("url", "param"),
    [("/api/v1/sla/clocks/", "ticket"), ("/api/v1/sla/breaches/", "ticket"), ("/api/v1/tickets/", "customer"),
     ("/api/v1/transfers/", "ticket"), ("/api/v1/sla/breaches/", "person"),
     ("/api/v1/sla/clocks/", "responsible_department")],
)
def test_out_of_scope_and_missing_ids_answer_alike(merchandise_staff, logistics_ticket, url, param):
    api = api_as(merchandise_staff)
    hidden = {"ticket": logistics_ticket.pk, "customer": logistics_ticket.customer_id,
              "person": get_user_model().objects.order_by("pk").first().pk,
              "responsible_department": logistics_ticket.responsible_department_id}[param]
    out_of_scope = api.get(url, {param: hidden})
    missing = api.get(url, {param: 987654321})
    assert out_of_scope.status_code == missing.status_code == 200
    assert out_of_scope.json() == missing.json()
    assert api.get(url, {param: "abc"}).status_code == 400  # malformed stays a 400 for everyone


# --- Other departments' exchanges ------------------------------------------------------


@pytest.fixture
def two_transfers(agent, logistics, merchandise, customer, category, logistics_staff, merchandise_staff):
    from tickets.services import ticket_create

    ticket = ticket_create(actor=agent, customer=customer, title="两个部门", channel="hotline", category=category)
    ours = transfer_create(ticket=ticket, actor=agent, department=logistics, question="物流问题-LQ")
    theirs = transfer_create(ticket=ticket, actor=agent, department=merchandise, question="商品问题~MQ~")
    transfer_answer(transfer=theirs, actor=merchandise_staff, answer="商品答复~MA~")
    return ticket, ours, theirs


def test_api_shows_own_exchange_in_full_and_others_in_summary(logistics_staff, two_transfers):
    ticket, ours, theirs = two_transfers
    body = api_as(logistics_staff).get(f"/api/v1/tickets/{ticket.pk}/").json()
    rows = {row["id"]: row for row in body["transfers"]}
    assert rows[ours.pk]["in_full"] is True and rows[ours.pk]["question"] == "物流问题-LQ"
    other = rows[theirs.pk]
    assert other["in_full"] is False
    assert (other["question"], other["answer"], other["requested_by"], other["answered_by"]) == ("", "", None, None)
    assert other["status"] == "replied" and other["answered_at"] and other["department"]["id"] == theirs.department_id
    text = str(body)
    assert "~MQ~" not in text and "~MA~" not in text  # nor in the event log
    assert "LQ" in text


def test_page_shows_own_exchange_in_full_and_others_in_summary(logistics_staff, two_transfers):
    ticket, _ours, _theirs = two_transfers
    html = page_as(logistics_staff).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "物流问题-LQ" in html
    assert "~MQ~" not in html and "~MA~" not in html
    assert 'data-testid="transfer-summary"' in html


def test_service_staff_see_every_exchange(agent, two_transfers):
    ticket, _ours, _theirs = two_transfers
    body = api_as(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert all(row["in_full"] for row in body["transfers"])
    html = page_as(agent).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "商品问题~MQ~" in html and "商品答复~MA~" in html


def test_inbox_holds_only_the_own_department(logistics_staff, two_transfers):
    rows = api_as(logistics_staff).get("/api/v1/transfers/").json()["results"]
    assert [row["question"] for row in rows] == ["物流问题-LQ"]
    assert Transfer.objects.count() == 2


# --- The API description ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/docs/"])
def test_api_description_needs_a_staff_login(url, logistics_staff, django_user_model):
    anonymous = APIClient().get(url)
    assert anonymous.status_code in (401, 403) or anonymous["Location"].startswith("/accounts/login/")
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert api_as(nobody).get(url).status_code in (401, 403)
    assert api_as(logistics_staff).get(url).status_code == 200


def test_customer_factory_phone_is_masked_for_departments(logistics_staff, logistics_ticket):
    customer = CustomerFactory(phone="13900001111")
    TicketFactory(customer=customer, responsible_department=logistics_ticket.responsible_department)
    body = api_as(logistics_staff).get(f"/api/v1/customers/{customer.pk}/").json()
    assert body["phone"] == "139****1111"


def test_a_joint_consultation_opens_the_other_exchanges(logistics_staff, two_transfers):
    """A ticket a department sees through a scope extension (a joint consultation of the
    complaints app) shows every exchange in full to it."""
    from django.db.models import Q

    from tickets import hooks

    ticket, _ours, theirs = two_transfers

    def invited(user):
        return Q(pk=ticket.pk) if user == logistics_staff else None

    hooks.register_scope_extension(invited)
    try:
        body = api_as(logistics_staff).get(f"/api/v1/tickets/{ticket.pk}/").json()
    finally:
        hooks.unregister_scope_extension(invited)
    rows = {row["id"]: row for row in body["transfers"]}
    assert rows[theirs.pk]["in_full"] is True and rows[theirs.pk]["question"] == "商品问题~MQ~"

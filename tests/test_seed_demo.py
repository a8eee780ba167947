"""`manage.py seed_demo` on a small size: the data goes in through the services (a
consistent event log), a second run adds nothing, a larger run adds only the
difference, and every role's demo user can log in."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from slacenter.demo import STEPS
from slacenter.demo.org import BUSINESS_CODES, DEMO_PASSWORD, demo_logins
from slacenter.demo.tickets import _customer_fields
from tickets.models import Category, Customer, Department, ReplyTemplate, Role, Ticket, TicketEvent, Transfer

pytestmark = pytest.mark.django_db


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _counts() -> dict:
    from django.apps import apps

    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_twice_adds_nothing_and_everyone_can_log_in(client):
    output = _seed(tickets=40, customers=12)
    assert "Demo data ready" in output
    first = _counts()
    # The ticket step's 40 (the complaints step adds complaints through the intake).
    assert Ticket.objects.filter(complaint__isnull=True).count() == 40
    assert Customer.objects.count() == 12

    _seed(tickets=40, customers=12)
    assert _counts() == first

    roles = {role for _, role, _ in demo_logins()}
    assert roles == set(Role.values)  # a user for every role
    for username, role, department_code in demo_logins():
        assert client.login(username=username, password=DEMO_PASSWORD), username
        user = get_user_model().objects.get(username=username)
        assert (user.profile.role, user.profile.department.code) == (role, department_code)
        client.logout()
    assert Department.objects.filter(code__in=BUSINESS_CODES).count() == len(BUSINESS_CODES) == 5


def test_demo_org_content():
    _seed(tickets=0, customers=0)
    center = Department.objects.get(code="service-center")
    assert center.is_service_center and center.name == "客服中心" and center.name_en == "Service Center"
    assert Department.objects.get(code="logistics").name == "物流部"
    late = Category.objects.get(code="late-delivery")
    assert late.parent.code == "logistics" and late.default_department.code == "logistics"
    assert Category.objects.get(code="refund-delay").default_department.code == "finance"
    assert ReplyTemplate.objects.filter(category=late).exists()
    for code in BUSINESS_CODES:
        assert Department.objects.get(code=code).head.username == f"{code}_head"


def test_tickets_have_a_consistent_event_log():
    started = timezone.now()
    _seed(tickets=60, customers=15)
    tickets = list(Ticket.objects.prefetch_related("events"))
    assert len(tickets) >= 60  # and the complaints step's own
    assert {t.status for t in tickets} - {"new"}, "tickets move through the workflow"
    oldest = min(t.created_at for t in tickets)
    assert (started - oldest).days <= 60
    for ticket in tickets:
        events = list(ticket.events.all())
        assert events[0].kind == TicketEvent.Kind.CREATED and events[0].at == ticket.created_at
        assert all(a.at <= b.at for a, b in zip(events, events[1:], strict=False)), ticket.number
        assert events[-1].at < started
        status_moves = [e for e in events if e.kind == TicketEvent.Kind.STATUS_CHANGED]
        final = status_moves[-1].new_value if status_moves else "new"
        assert final == ticket.status, ticket.number
        if ticket.first_response_at:
            assert ticket.events.filter(kind=TicketEvent.Kind.REPLIED, at=ticket.first_response_at).exists()
    for transfer in Transfer.objects.exclude(status="open"):
        assert transfer.answered_at > transfer.requested_at
        assert transfer.answered_by.profile.department_id == transfer.department_id


def test_customers_are_determined_by_the_seed_and_a_bigger_run_adds_the_difference():
    _seed(tickets=10, customers=5)
    for index in range(5):
        expected = _customer_fields(20261122, index)
        customer = Customer.objects.get(external_ids__demo=str(index))
        assert (customer.name, customer.phone, customer.tier) == (expected["name"], expected["phone"], expected["tier"])
        assert customer.phone.startswith("1") and len(customer.phone) == 11
    _seed(tickets=25, customers=8)
    assert Customer.objects.count() == 8
    # The ticket step's own (the complaints step adds complaints through the intake).
    assert Ticket.objects.filter(complaint__isnull=True).count() == 25


def test_steps_contract():
    """Each step is a module with run(ctx); org first, tickets after the SLA steps; apps add theirs."""
    import importlib

    assert STEPS[0] == "slacenter.demo.org"
    assert STEPS.index("slacenter.demo.policies") < STEPS.index("slacenter.demo.tickets")
    assert len(set(STEPS)) == len(STEPS)
    for step in STEPS:
        assert callable(importlib.import_module(step).run), step


def test_bad_option_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", tickets=-1, stdout=StringIO())

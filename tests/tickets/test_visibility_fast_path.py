"""`selectors.ticket_visible` (the detail's check on a ticket already read) answers
exactly as `ticket_scope` does, for every role and every way a ticket can be in or out
of scope; a ticket its own columns grant costs no query."""

import itertools

import pytest
from django.http import Http404

from tests.factories import DepartmentFactory, TicketFactory, UserFactory, make_staff
from tickets import hooks, selectors
from tickets.models import Role, TicketEvent, Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(center, logistics, merchandise, agent, other_agent, lead, logistics_staff, customer, category):
    head = make_staff(Role.DEPT_HEAD, logistics)
    nobody = UserFactory()  # no staff profile
    make = lambda **kw: TicketFactory(customer=customer, category=category, **kw)  # noqa: E731
    tickets = {
        "assigned": make(assignee=agent, status="in_progress", responsible_department=center),
        "created": make(created_by=agent, assignee=other_agent, status="resolved", responsible_department=center),
        "pool_open": make(status="new", responsible_department=center),
        "pool_closed": make(status="closed", responsible_department=center),
        "others": make(assignee=other_agent, status="in_progress", responsible_department=center),
        "touched": make(assignee=other_agent, status="closed", responsible_department=center),
        "logistics_owned": make(assignee=other_agent, status="in_progress", responsible_department=logistics),
        "transferred": make(assignee=other_agent, status="waiting_department", responsible_department=center),
        "merchandise": make(assignee=other_agent, status="closed", responsible_department=merchandise),
        "granted": make(assignee=other_agent, status="closed", responsible_department=merchandise),
    }
    now = tickets["touched"].created_at
    TicketEvent.objects.create(ticket=tickets["touched"], kind="commented", actor=agent, at=now)
    Transfer.objects.create(ticket=tickets["transferred"], department=logistics, requested_by=other_agent,
                            question="?", requested_at=now)
    users = {"agent": agent, "other_agent": other_agent, "lead": lead, "logistics_staff": logistics_staff,
             "head": head, "nobody": nobody, "inactive_dept": make_staff(Role.DEPT_STAFF, DepartmentFactory())}
    return users, tickets


@pytest.fixture
def granted_by_extension(world):
    users, tickets = world

    def extension(user):
        if user.pk == users["logistics_staff"].pk:
            return hooks_ids(tickets["granted"].pk)
        return None

    hooks.register_scope_extension(extension)
    yield
    hooks.unregister_scope_extension(extension)


def hooks_ids(pk):
    from tickets.models import Ticket

    return Ticket.objects.filter(pk=pk).values("pk")


def test_visible_answers_as_the_scope_for_every_role_and_ticket(world, granted_by_extension):
    users, tickets = world
    disagreements = []
    for (who, user), (what, ticket) in itertools.product(users.items(), tickets.items()):
        in_scope = selectors.ticket_scope(user).filter(pk=ticket.pk).exists()
        if selectors.ticket_visible(user, ticket) != in_scope:
            disagreements.append((who, what, in_scope))
    assert disagreements == []
    # The cases are real: each kind of grant and refusal occurs.
    agent, staff = users["agent"], users["logistics_staff"]
    assert {w for w, t in tickets.items() if selectors.ticket_visible(agent, t)} == {
        "assigned", "created", "pool_open", "touched"}
    assert {w for w, t in tickets.items() if selectors.ticket_visible(staff, t)} == {
        "logistics_owned", "transferred", "granted"}


def as_authenticated(user):
    """The user as a request has it: read with the staff profile (slacenter.authentication)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_related("profile", "profile__department").get(pk=user.pk)


def test_a_ticket_its_own_columns_grant_needs_no_query(world, django_assert_num_queries):
    users, tickets = world
    users = {who: as_authenticated(user) for who, user in users.items() if who != "nobody"}
    with django_assert_num_queries(0):
        assert selectors.ticket_visible(users["agent"], tickets["assigned"])
        assert selectors.ticket_visible(users["logistics_staff"], tickets["logistics_owned"])
        assert selectors.ticket_visible(users["lead"], tickets["merchandise"])
    with django_assert_num_queries(1):  # not granted by its columns: the scope decides
        assert not selectors.ticket_visible(users["agent"], tickets["others"])


def test_out_of_scope_detail_is_a_404(world):
    users, tickets = world
    with pytest.raises(Http404):
        selectors.ticket_get_shown(users["agent"], tickets["others"].pk)
    with pytest.raises(Http404):
        selectors.ticket_get(users["nobody"], tickets["pool_open"].pk)
    assert selectors.ticket_get(users["agent"], tickets["touched"].pk) == tickets["touched"]

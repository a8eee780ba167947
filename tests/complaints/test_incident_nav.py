"""The header links to the batch incidents for whoever the incident pages serve, with
the number of suspected incidents awaiting a decision in that user's scope, counted
once per request."""

import re

import pytest
from django.contrib.auth import get_user_model

from complaints.services.incidents import incident_confirm, incident_open

from .conftest import T0

BADGE = re.compile(r'data-testid="nav-incidents-suspected">(\d+)')


@pytest.fixture
def incidents(lead, category, logistics):
    incident_open(actor=lead, title="物流延误激增", category=category, responsible_department=logistics, now=T0)
    incident_open(actor=lead, title="空调漏水", tag="SKU-1", now=T0)
    confirmed = incident_open(actor=lead, title="已确认的事件", tag="SKU-2", now=T0)
    incident_confirm(actor=lead, incident=confirmed, now=T0)


def _badge(client, user):
    client.force_login(user)
    html = client.get("/complaints/incidents/").content.decode()
    match = BADGE.search(html)
    return ('data-testid="nav-incidents"' in html), (int(match.group(1)) if match else 0)


def test_center_staff_see_every_suspected_incident(client, incidents, lead, agent):
    assert _badge(client, lead) == (True, 2)
    assert _badge(client, agent) == (True, 2)


def test_department_counts_its_own_and_a_user_without_role_sees_no_link(client, incidents, logistics_staff,
                                                                         merchandise_staff):
    assert _badge(client, logistics_staff) == (True, 1)
    assert _badge(client, merchandise_staff) == (True, 0)
    client.force_login(get_user_model().objects.create_user("nobody", password="x"))
    assert 'data-testid="nav-incidents"' not in client.get("/").content.decode()


def test_the_count_is_one_query_per_request(rf, incidents, lead, django_assert_num_queries):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = lead
    template = Template("{% load complaints_nav %}{% incident_nav as a %}{% incident_nav as b %}"
                        "{{ a.count }}{{ b.count }}")
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "22"

"""The HTML queue and the API filter tickets with one FilterSet: the same parameters
give the same tickets (category with its whole subtree, search in the description).
And each role lands where its work is."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import CategoryFactory, TicketFactory, make_staff
from tickets.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(center):
    root = CategoryFactory(code="goods", name="商品")
    child = CategoryFactory(code="goods-quality", name="质量", parent=root)
    grandchild = CategoryFactory(code="goods-quality-broken", name="破损", parent=child)
    other = CategoryFactory(code="billing", name="账单")
    base = {"responsible_department": center}
    return {
        "root": TicketFactory(title="商品问题", category=root, **base),
        "grandchild": TicketFactory(title="收到的杯子", description="杯子碎了，包装破损", category=grandchild,
                                    **base),
        "other": TicketFactory(title="账单疑问", description="多扣了运费", category=other, status="in_progress",
                               **base),
        "categories": {"root": root, "other": other},
    }


def _queue(client, query):
    response = client.get(f"/tickets/?tab=all&{query}")
    assert response.status_code == 200
    return {row.number for row in response.context["rows"]}


def _api(user, query):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/tickets/?{query}&page_size=100")
    assert response.status_code == 200
    return {row["number"] for row in response.json()["results"]}


def test_queue_and_api_give_the_same_tickets(client, manager, tree):
    client.force_login(manager)
    root = tree["categories"]["root"]
    # The grandchild category is found through its grandparent (the whole subtree).
    assert _queue(client, f"category={root.pk}") == {tree["root"].number, tree["grandchild"].number}
    # A word only in the description is found.
    assert _queue(client, "q=碎了") == {tree["grandchild"].number}
    for query in (f"category={root.pk}", "q=碎了", "q=运费", "status=in_progress", "status=new",
                  f"category={tree['categories']['other'].pk}&status=in_progress", "q=杯子&status=new"):
        assert _queue(client, query) == _api(manager, query), query


def test_queue_ignores_a_filter_it_does_not_understand(client, manager, tree):
    client.force_login(manager)
    response = client.get("/tickets/?tab=all&status=bogus&q=碎了")
    assert response.status_code == 200
    assert {row.number for row in response.context["rows"]} == {tree["grandchild"].number}
    assert response.context["form"].errors  # reported on the page


@pytest.mark.parametrize(("role", "department", "landing"), [
    (Role.AGENT, "center", "/tickets/"),
    (Role.TEAM_LEAD, "center", "/tickets/"),
    (Role.QA_SPECIALIST, "center", "/tickets/"),
    (Role.DEPT_STAFF, "logistics", "/inbox/"),
    (Role.DEPT_HEAD, "logistics", "/sla/department/"),
])
def test_each_role_lands_where_its_work_is(client, center, logistics, role, department, landing):
    user = make_staff(role, {"center": center, "logistics": logistics}[department], username=f"u_{role}")
    client.force_login(user)
    with override_settings(LANDING_PAGES={**_landing(), "qa_specialist": ["qa:missing", "tickets:workbench"]}):
        assert client.get("/")["Location"] == landing


def test_manager_lands_on_the_overview(client, manager):
    client.force_login(manager)
    assert client.get("/")["Location"] == reverse("reports:dashboard")


def test_qa_lands_on_the_qa_home(client, center):
    client.force_login(make_staff(Role.QA_SPECIALIST, center, username="qa"))
    assert client.get("/")["Location"] == reverse("qa:evaluations")


def test_lead_opening_the_workbench_sees_the_team_queue(client, lead, agent, center):
    TicketFactory(title="未分派", responsible_department=center)
    client.force_login(lead)
    response = client.get("/tickets/")
    assert response.context["tab"] == "team" and len(response.context["rows"]) == 1
    client.force_login(agent)
    assert client.get("/tickets/").context["tab"] == "mine"


def _landing():
    from django.conf import settings

    return settings.LANDING_PAGES

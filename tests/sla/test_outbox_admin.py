"""The admin shows the durable SLA work read-only; "apply now" goes through the
same service as the task (a pending action is applied once, a done one untouched)."""

import pytest
from django.contrib.auth import get_user_model

from sla.models import EscalationAction, EscalationRule, RecomputeRequest
from sla.services.policies import escalation_rule_set
from sla.services.sweep import sla_sweep
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pass12345")
    client.force_login(root)
    return client


def test_actions_listed_read_only_and_applied_now_through_the_service(admin_client, agent, manager, customer,
                                                                      category, policies):
    escalation_rule_set(policy=policies["fr"], level=1, percent=100, action=EscalationRule.Action.RAISE_PRIORITY,
                        actor=None, system=True, now=at(1, 0), recompute=False)
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    sla_sweep(now=at(2, 12))
    action = EscalationAction.objects.get()
    RecomputeRequest.objects.create(reason="policy change", created_at=at(2, 12))
    url = "/admin/sla/escalationaction/"
    page = admin_client.get(url)
    assert page.status_code == 200 and "raise_priority" in page.content.decode()
    assert admin_client.get(f"{url}{action.pk}/change/").status_code == 200
    assert admin_client.get(f"{url}add/").status_code == 403
    assert admin_client.get("/admin/sla/recomputerequest/").status_code == 200
    for _twice in range(2):
        response = admin_client.post(url, {"action": "apply_now", "_selected_action": [action.pk]}, follow=True)
        assert response.status_code == 200
    action.refresh_from_db()
    assert action.state == "done"
    assert Ticket.objects.get(pk=t.pk).priority == 3

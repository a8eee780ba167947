"""Policy selection (most specific, then rank, then id), policy service rules, and a
policy change replaying open tickets' clocks without losing spent time."""

import pytest

from sla.models import TicketClock
from sla.services.clocks import clocks_recompute_for_policy
from sla.services.derivation import PolicyView, select_policy
from sla.services.policies import escalation_rule_set, policy_create, policy_update
from slacenter.errors import DomainError
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket
from tickets.services import ticket_transition


def view(pk, rank=0, **criteria):
    base = {"kind": None, "priority": None, "tier": None, "category": None, "channel": None}
    return PolicyView(id=pk, revision=1, metric="first_response", criteria={**base, **criteria}, rank=rank,
                      target_minutes=60, target_days=None, end_of_day=False, pause_statuses=(), warn_percent=75,
                      calendar_id=None, rules=())


ATTRS = {"kind": "complaint", "priority": 4, "tier": "vip", "category": 7, "channel": "hotline"}


@pytest.mark.parametrize(
    ("policies", "expected"),
    [
        ([view(1), view(2, priority=4)], 2),  # more specific wins
        ([view(1, priority=4), view(2, priority=4, tier="vip")], 2),
        ([view(1, priority=4), view(2, tier="vip", rank=5)], 2),  # equally specific: higher rank
        ([view(3, priority=4), view(2, tier="vip")], 2),  # equal rank: lower id
        ([view(1, priority=3), view(2)], 2),  # non-matching criteria never win
        ([view(1, channel="email")], None),
    ],
)
def test_select_policy(policies, expected):
    chosen = select_policy(policies, "first_response", ATTRS)
    assert (chosen.id if chosen else None) == expected


@pytest.mark.django_db
def test_policy_rules_checked(manager, agent, calendars):
    with pytest.raises(DomainError):
        policy_create(actor=None, system=True,
                      name="x", metric="first_response", target_minutes=10, target_days=1, recompute=False)
    with pytest.raises(DomainError):
        policy_create(actor=None, system=True, name="x", metric="nope", target_minutes=10, recompute=False)
    with pytest.raises(DomainError):
        policy_create(actor=None, system=True,
                      name="x", metric="resolution", target_minutes=10, pause_statuses=["resolved"],
                      recompute=False)
    with pytest.raises(DomainError) as exc:
        policy_create(actor=agent, name="x", metric="resolution", target_minutes=10, recompute=False)
    assert exc.value.status == 403
    p = policy_create(actor=manager, name="x", metric="resolution", target_minutes=10, recompute=False)
    assert p.pause_statuses == ["waiting_customer", "waiting_department"]
    with pytest.raises(DomainError):
        escalation_rule_set(actor=None, system=True,
                            policy=p, level=1, percent=None, notify=["assignee"], recompute=False)
    with pytest.raises(DomainError):
        escalation_rule_set(actor=None, system=True,
                            policy=p, level=1, percent=50, notify=["everyone"], recompute=False)


@pytest.mark.django_db
def test_policy_change_moves_due_keeps_spent_and_paused(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="wait_customer", now=at(2, 11))
    ticket_transition(ticket=t, actor=agent, action="customer_responded", now=at(2, 12))
    policy_update(actor=None, system=True,
                  policy=policies["res"], target_minutes=8 * 60, recompute=False, now=at(2, 13))
    assert clocks_recompute_for_policy(policy=policies["res"], now=at(2, 13)) == 1
    res = TicketClock.objects.get(ticket=t, metric="resolution")
    assert res.policy_revision == 2
    assert res.paused_seconds == 3600 and res.elapsed_seconds == 2 * 3600
    assert res.due_at == at(3, 10)  # 8 h target + 1 h paused from Mon 10:00

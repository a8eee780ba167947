"""The sweep is written twice — one PostgreSQL statement (`sweep_pg`) and a portable
path (`escalation` + `breaches_record`) — so the same scenario runs through both and
every row either writes must be the same: breaches, escalation log, escalation
actions, notifications and the clocks' states and next instants."""

import pytest
from django.db import transaction

from sla.models import Breach, EscalationAction, EscalationLog, EscalationRule, TicketClock
from sla.services.policies import escalation_rule_set
from sla.services.sweep import sla_sweep
from tests.factories import CustomerFactory, make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, ladder, new_ticket
from tickets.models import Notification, Role
from tickets.services import transfer_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


class Rollback(Exception):
    pass


def rows():
    return {
        "breaches": sorted(Breach.objects.values_list(
            "clock_id", "ticket_id", "metric", "breached_at", "department_id", "person_id", "recorded_at")),
        "log": sorted(EscalationLog.objects.values_list(
            "clock_id", "rule_id", "level", "scheduled_at", "fired_at", "skipped")),
        "actions": sorted(EscalationAction.objects.values_list(
            "clock_id", "rule_id", "ticket_id", "action", "level", "state", "next_attempt_at", "created_at")),
        "notifications": sorted(Notification.objects.values_list(
            "recipient_id", "ticket_id", "key", "subject", "body", "url", "urgent", "deliver_after", "created_at")),
        "clocks": sorted(TicketClock.objects.values_list("id", "state", "breached_at", "next_escalation_at")),
    }


def run(engine, instants):
    """Sweep at each instant with `engine`; the rows written and the results, rolled back."""
    results = []
    try:
        with transaction.atomic():
            for now in instants:
                r = sla_sweep(now=now, engine=engine)
                results.append((r.breaches, r.escalations, r.notifications, r.actions))
            snapshot = rows()
            raise Rollback
    except Rollback:
        pass
    return snapshot, results


def test_sql_and_python_sweeps_write_the_same_rows(postgres_only, agent, other_agent, lead, manager, customer,
                                                   category, policies, logistics, logistics_staff):
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head")
    logistics.head = head
    logistics.save(update_fields=["head"])
    ladder(policies["fr"])
    escalation_rule_set(actor=None, system=True,
                        policy=policies["fr"], level=4, trigger="offset", offset_minutes=60, notify=["assignee"],
                        action=EscalationRule.Action.RAISE_PRIORITY, now=at(1, 0), recompute=False)
    escalation_rule_set(actor=None, system=True,
                        policy=policies["dept"], level=1, percent=50, notify=["department_staff", "department_head"],
                        urgency=EscalationRule.Urgency.URGENT, now=at(1, 0), recompute=False)
    escalation_rule_set(actor=None, system=True,
                        policy=policies["dept"], level=2, percent=100, notify=["service_managers", "team_leads"],
                        action=EscalationRule.Action.REASSIGN_TO_LEAD, now=at(1, 0), recompute=False)
    vip = CustomerFactory(name="李四", phone="13900000001", tier="vip")
    for i, (who, cust) in enumerate([(agent, customer), (other_agent, vip), (None, customer), (agent, vip)]):
        new_ticket(agent, cust, category, at(2, 9, 10 * i), assignee=who)
    t = new_ticket(agent, customer, category, at(2, 8), assignee=agent)
    transfer_create(ticket=t, actor=agent, department=logistics, question="包裹在哪里？", now=at(2, 8, 30))

    # Before the first levels, between levels (some due), after all of them (the
    # department reply on logistics' 08:00–12:00 calendar falls due the next morning).
    instants = [at(2, 10), at(2, 10, 45), at(2, 12, 5), at(2, 17), at(3, 10)]
    sql_rows, sql_results = run("sql", instants)
    python_rows, python_results = run("python", instants)

    assert sql_results == python_results
    for table in sql_rows:
        assert sql_rows[table] == python_rows[table], table
    # The scenario exercises every kind of row, not an empty comparison.
    assert all(sql_rows[t] for t in ("breaches", "log", "actions", "notifications"))
    assert {a[3] for a in sql_rows["actions"]} == {"raise_priority", "reassign_to_lead"}
    assert any(n[6] for n in sql_rows["notifications"]) and not all(n[6] for n in sql_rows["notifications"])

"""Escalation actions are recorded by the sweep as durable rows and applied after it:
once each however often they are applied, one failing row does not stop the others,
a failed attempt is retried with a backoff until it gives up, a refused one is
skipped with the reason. Plus the outage rule: a level that fell due while its
clock ran is sent late if the clock still runs, recorded as skipped if it stopped."""

from datetime import timedelta

import pytest
from django.db import OperationalError

from sla.models import EscalationAction, EscalationLog, EscalationRule, OutboxState, TicketClock
from sla.services import actions as actions_service
from sla.services.actions import MAX_ATTEMPTS, escalation_actions_apply
from sla.services.policies import escalation_rule_set
from sla.services.sweep import sla_sweep
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, ladder, new_ticket
from tickets.models import Notification, Ticket
from tickets.services import comment_add, ticket_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def raise_rule(policies):
    return escalation_rule_set(policy=policies["fr"], level=1, percent=100, action=EscalationRule.Action.RAISE_PRIORITY,
                               actor=None, system=True, now=at(1, 0), recompute=False)


def three_due_tickets(agent, customer, category):
    return [new_ticket(agent, customer, category, at(2, 9, 10 * i), assignee=agent) for i in range(3)]


def test_applied_once_however_often_it_is_applied(agent, manager, customer, category, raise_rule):
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    result = sla_sweep(now=at(2, 12))
    action = EscalationAction.objects.get()
    assert (action.ticket_id, action.action, action.level, action.state) == (t.pk, "raise_priority", 1, "pending")
    assert result.action_ids == [action.pk]
    # The task, a redelivered task and beat's re-drive all run it.
    escalation_actions_apply(now=at(2, 12), action_ids=[action.pk])
    escalation_actions_apply(now=at(2, 12), action_ids=[action.pk])
    escalation_actions_apply(now=at(2, 13))
    assert Ticket.objects.get(pk=t.pk).priority == 3
    assert t.events.filter(kind="field_changed", field="priority").count() == 1
    action.refresh_from_db()
    assert (action.state, action.attempts, action.done_at) == ("done", 1, at(2, 12))


def test_one_database_error_does_not_stop_the_others_and_is_retried(agent, manager, customer, category, raise_rule,
                                                                     monkeypatch):
    tickets = three_due_tickets(agent, customer, category)
    sla_sweep(now=at(2, 12))
    real = actions_service._perform
    broken = {tickets[1].pk}

    def flaky(action, ticket, rule, *, now):
        if ticket.pk in broken:
            raise OperationalError("server closed the connection unexpectedly")
        return real(action, ticket, rule, now=now)

    monkeypatch.setattr(actions_service, "_perform", flaky)
    first = escalation_actions_apply(now=at(2, 12))
    assert (first.done, first.retried) == (2, 1)
    assert [Ticket.objects.get(pk=t.pk).priority for t in tickets] == [3, 2, 3]
    failed = EscalationAction.objects.get(ticket=tickets[1])
    assert (failed.state, failed.attempts, failed.next_attempt_at) == ("pending", 1, at(2, 12) + timedelta(seconds=30))
    assert "closed the connection" in failed.last_error
    # Not before its backoff; then, with the database back, it is applied.
    assert escalation_actions_apply(now=at(2, 12, 0)).retried == 0
    broken.clear()
    assert escalation_actions_apply(now=at(2, 12, 1)).done == 1
    assert Ticket.objects.get(pk=tickets[1].pk).priority == 3


def test_gives_up_after_the_last_attempt(agent, manager, customer, category, raise_rule, monkeypatch):
    new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    sla_sweep(now=at(2, 12))

    def broken(*args, **kwargs):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(actions_service, "_perform", broken)
    now = at(2, 12)
    for _attempt in range(MAX_ATTEMPTS):
        escalation_actions_apply(now=now)
        now += timedelta(hours=1)
    action = EscalationAction.objects.get()
    assert (action.state, action.attempts) == ("failed", MAX_ATTEMPTS)
    assert escalation_actions_apply(now=now + timedelta(days=1)).ids == []


def test_pointless_action_is_skipped_with_the_reason(agent, manager, customer, category, raise_rule):
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    sla_sweep(now=at(2, 12))
    ticket_transition(ticket=t, actor=agent, action="resolve", now=at(2, 12, 1))
    result = escalation_actions_apply(now=at(2, 12, 2))
    assert result.skipped == 1
    action = EscalationAction.objects.get()
    assert (action.state, action.last_error) == (OutboxState.SKIPPED, "ticket no longer open")


def test_level_due_during_an_outage_is_sent_late_while_the_clock_runs(agent, lead, customer, category, policies):
    ladder(policies["fr"])
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    # No sweep from 10:00 to 14:00 (workers down); the clock is still running.
    sla_sweep(now=at(2, 14))
    log = dict(EscalationLog.objects.values_list("level", "skipped"))
    assert log == {1: False, 2: False, 3: False}
    level1 = EscalationLog.objects.get(level=1)
    assert (level1.scheduled_at, level1.fired_at) == (at(2, 11, 30), at(2, 14))
    assert Notification.objects.filter(ticket=t, recipient=agent).exists()


def test_level_due_during_an_outage_is_recorded_skipped_when_the_clock_stopped(agent, lead, customer, category,
                                                                                 policies):
    ladder(policies["fr"])
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    # Level 1 (75 %) fell due at 11:30 with no sweep running; the agent answered at 11:45.
    comment_add(ticket=t, actor=agent, body="您好", visibility="public", now=at(2, 11, 45))
    clock = TicketClock.objects.get(ticket=t, metric="first_response")
    assert clock.state == "met"
    skipped = EscalationLog.objects.get(clock=clock)
    assert (skipped.level, skipped.skipped, skipped.scheduled_at) == (1, True, at(2, 11, 30))
    # The sweep, back, sends nothing for it — now or later — and levels 2 and 3 are moot.
    result = sla_sweep(now=at(2, 14))
    assert (result.escalations, result.notifications) == (0, 0)
    assert not Notification.objects.exists()
    assert EscalationLog.objects.count() == 1

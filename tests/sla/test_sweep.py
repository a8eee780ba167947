"""The sweep: breaches by timestamps with attribution at the due instant, idempotence,
escalation levels once each at their instants, deferred and urgent notifications."""

import pytest

from sla.models import Breach, EscalationLog, TicketClock
from sla.services.actions import escalation_actions_apply
from sla.services.sweep import sla_sweep
from tests.factories import make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, ladder, new_ticket
from tickets.models import Notification, Role, Ticket
from tickets.services import comment_add, ticket_assign

pytestmark = pytest.mark.django_db


def fr_clock(ticket):
    return TicketClock.objects.get(ticket=ticket, metric="first_response")


def snapshot():
    return (
        sorted(Breach.objects.values_list("clock_id", "breached_at", "person_id", "department_id")),
        sorted(EscalationLog.objects.values_list("clock_id", "rule_id", "scheduled_at")),
        sorted(Notification.objects.values_list("recipient_id", "key", "urgent", "deliver_after")),
    )


def test_breach_recorded_at_due_instant_with_assignee_at_that_instant(agent, other_agent, lead, customer,
                                                                      category, policies):
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    ticket_assign(ticket=t, actor=lead, assignee=other_agent, now=at(2, 12, 10))  # after the 12:00 due
    result = sla_sweep(now=at(2, 12, 30))
    breach = Breach.objects.get(metric="first_response")
    assert breach.breached_at == at(2, 12)
    assert breach.person_id == agent.pk  # not the assignee at sweep time
    assert breach.department_id == t.responsible_department_id
    assert result.breaches == 0  # the 12:10 assignment replayed the log and recorded it already
    assert Breach.objects.count() == 1
    assert fr_clock(t).state == "breached"


def test_sweep_twice_equals_once(agent, lead, manager, customer, category, policies):
    ladder(policies["fr"])
    for hour in (9, 10, 11):
        new_ticket(agent, customer, category, at(2, hour), assignee=agent)
    first = sla_sweep(now=at(2, 16))
    once = snapshot()
    second = sla_sweep(now=at(2, 16))
    assert snapshot() == once
    assert first.breaches == 3  # found by the guarded UPDATE: no event came after the due instants
    assert (second.breaches, second.escalations, second.notifications) == (0, 0, 0)
    assert len(once[0]) == 3 and len(once[1]) == 9  # three levels on three clocks


def test_met_before_due_is_never_breached_even_if_sweep_is_late(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    comment_add(ticket=t, actor=agent, body="您好", visibility="public", now=at(2, 11, 59))
    sla_sweep(now=at(6, 12))  # four days late
    assert fr_clock(t).state == "met"
    assert not Breach.objects.filter(clock__metric="first_response").exists()


def test_met_late_is_breached_without_a_sweep(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    comment_add(ticket=t, actor=agent, body="您好", visibility="public", now=at(2, 12, 1))
    clock = fr_clock(t)
    assert (clock.state, clock.breached_at) == ("breached", at(2, 12))
    assert Breach.objects.get(clock=clock).breached_at == at(2, 12)


def test_levels_fire_once_each_at_their_instants(agent, lead, manager, customer, category, policies, center):
    center.head = manager
    center.save()
    ladder(policies["fr"])
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    fired = lambda: sorted(EscalationLog.objects.values_list("level", flat=True))  # noqa: E731
    sla_sweep(now=at(2, 11, 29))
    assert fired() == []
    sla_sweep(now=at(2, 11, 30))  # 75 % of 2 h
    assert fired() == [1]
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [agent.pk]
    sla_sweep(now=at(2, 12))
    assert fired() == [1, 2]
    assert Notification.objects.filter(recipient=lead).count() == 1
    sla_sweep(now=at(2, 12, 29))
    assert fired() == [1, 2]
    sla_sweep(now=at(2, 12, 30))  # +30 business minutes after due
    assert fired() == [1, 2, 3]
    assert Notification.objects.filter(recipient=manager).count() == 1  # manager and head: one notice
    assert fr_clock(t).next_escalation_at is None
    assert EscalationLog.objects.get(level=3).scheduled_at == at(2, 12, 30)


def test_offset_counts_business_minutes(agent, manager, customer, category, policies):
    ladder(policies["fr"])
    t = new_ticket(agent, customer, category, at(2, 16), assignee=agent)  # due 18:00 Monday
    assert fr_clock(t).next_escalation_at == at(2, 17, 30)
    sla_sweep(now=at(2, 18, 45))
    assert fr_clock(t).next_escalation_at == at(3, 9, 30)  # +30 min of business time


def test_non_urgent_waits_for_working_hours_urgent_goes_at_once(agent, lead, customer, category, policies):
    ladder(policies["fr"])
    new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    vip = type(customer).objects.create(name="王五", phone="13900000000", tier="vip")
    new_ticket(agent, vip, category, at(2, 10), assignee=agent)
    sla_sweep(now=at(2, 19))  # after hours
    normal = Notification.objects.filter(recipient=lead, urgent=False).get()
    assert normal.deliver_after == at(3, 9)
    urgent = Notification.objects.filter(recipient=lead, urgent=True).get()
    assert urgent.deliver_after == at(2, 19)


def test_raise_priority_action_goes_through_ticket_services(agent, manager, customer, category, policies):
    from sla.services.policies import escalation_rule_set

    escalation_rule_set(actor=None, system=True,
                        policy=policies["fr"], level=1, percent=100, action="raise_priority", now=at(1, 0),
                        recompute=False)
    t = new_ticket(agent, customer, category, at(2, 10))
    result = sla_sweep(now=at(2, 12))
    # The sweep records the action (durably, with the level) and does not perform it.
    assert result.actions == 1
    assert Ticket.objects.get(pk=t.pk).priority == 2
    applied = escalation_actions_apply(now=at(2, 12), action_ids=result.action_ids)
    assert applied.done == 1
    t = Ticket.objects.get(pk=t.pk)
    assert t.priority == 3
    event = t.events.filter(kind="field_changed").get()
    assert event.actor_id == manager.pk  # first service manager, no owner configured
    again = sla_sweep(now=at(2, 12))
    assert again.actions == 0
    assert escalation_actions_apply(now=at(2, 13)).done == 0
    assert Ticket.objects.get(pk=t.pk).priority == 3


def test_department_staff_recipient(agent, customer, category, policies, logistics, logistics_staff):
    from sla.services.policies import escalation_rule_set
    from tickets.services import transfer_create

    escalation_rule_set(actor=None, system=True,
                        policy=policies["dept"], level=1, percent=50, notify=["department_staff", "department_head"],
                        now=at(1, 0), recompute=False)
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head")
    t = new_ticket(agent, customer, category, at(2, 8))
    transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, 8))
    sla_sweep(now=at(2, 10))
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {logistics_staff.pk, head.pk}

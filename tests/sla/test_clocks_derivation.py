"""Clocks derived from the ticket event log: pauses per metric, transfers on the
receiving department's calendar, re-selection keeping spent time, reopen, callback."""

import pytest

from sla.models import Breach, TicketClock
from sla.services import derivation as d
from sla.services.clocks import clocks_recompute
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket
from tickets.services import comment_add, ticket_transition, ticket_update, transfer_answer, transfer_create

pytestmark = pytest.mark.django_db


def clock(ticket, metric, transfer=None):
    return TicketClock.objects.get(ticket=ticket, metric=metric, transfer=transfer)


def test_created_ticket_gets_running_clocks(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    fr = clock(t, "first_response")
    assert fr.state == "running"
    assert fr.due_at == at(2, 12)
    assert fr.policy_id == policies["fr"].pk
    assert fr.responsible_department_id == t.responsible_department_id
    res = clock(t, "resolution")
    assert res.due_at == at(3, 17)  # 8 h Monday + 8 h Tuesday (16 business hours)
    assert res.warn_at == at(3, 13)  # 75 % = 12 h
    assert not TicketClock.objects.filter(ticket=t, metric="callback").exists()


def test_outside_hours_counts_from_next_opening(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(6, 17, 30))  # Friday 17:30
    assert clock(t, "first_response").due_at == at(9, 10, 30)  # 30 min Friday + 90 min Monday


def test_first_reply_meets_first_response(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    comment_add(ticket=t, actor=agent, body="您好", visibility="public", now=at(2, 11))
    fr = clock(t, "first_response")
    assert (fr.state, fr.stopped_at, fr.elapsed_seconds, fr.next_escalation_at) == ("met", at(2, 11), 3600, None)


def test_waiting_customer_pauses_resolution_not_first_response(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="wait_customer", now=at(2, 11))
    fr, res = clock(t, "first_response"), clock(t, "resolution")
    assert fr.state == "running" and fr.due_at == at(2, 12)
    assert res.state == "paused" and res.due_at is None
    ticket_transition(ticket=t, actor=agent, action="customer_responded", now=at(2, 15))
    res = clock(t, "resolution")
    assert res.state == "running"
    assert res.paused_seconds == 4 * 3600
    assert res.due_at == at(4, 12)  # 4 business hours later than without the pause
    assert res.pauses[0][2] == "waiting_customer"


def test_transfer_clock_runs_on_receiving_department_calendar(agent, customer, category, policies, logistics,
                                                              logistics_staff):
    t = new_ticket(agent, customer, category, at(2, 10))
    transfer = transfer_create(ticket=t, actor=agent, department=logistics, question="何时送达？", now=at(2, 10))
    dept = clock(t, "department_reply", transfer)
    # Logistics works 08:00–12:00: 2 h on Monday, 2 h on Tuesday.
    assert dept.due_at == at(3, 10)
    assert dept.responsible_department_id == logistics.pk
    res = clock(t, "resolution")
    assert res.state == "paused"
    transfer_answer(transfer=transfer, actor=logistics_staff, answer="明天到", now=at(3, 9))
    dept = clock(t, "department_reply", transfer)
    assert dept.state == "met" and dept.stopped_at == at(3, 9)
    res = clock(t, "resolution")
    assert res.state == "running"
    # 8 business hours of the center (Mon 10–18) were spent waiting on logistics… minus Tue 09:00 only.
    assert res.pause_attribution == {str(logistics.pk): 8 * 3600}


def test_priority_change_keeps_elapsed_and_moves_due(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="wait_customer", now=at(2, 10, 5))
    ticket_transition(ticket=t, actor=agent, action="customer_responded", now=at(2, 10, 10))
    ticket_update(ticket=t, actor=agent, priority=4, now=at(2, 10, 12))
    fr = clock(t, "first_response")
    assert fr.policy_id == policies["fr_urgent"].pk
    assert fr.due_at == at(2, 10, 15)  # counted from creation: spent time kept
    assert fr.matched_on == {"priority": 4}
    res = clock(t, "resolution")
    assert res.paused_seconds == 300
    ticket_update(ticket=t, actor=agent, priority=2, now=at(2, 10, 20))
    assert clock(t, "first_response").due_at == at(2, 12)


def test_tier_change_selects_vip_green_channel(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10), priority=4)
    assert clock(t, "first_response").due_at == at(2, 10, 15)
    customer.tier = "vip"
    customer.save()
    clocks_recompute(ticket=t, now=at(2, 10, 1))
    fr = clock(t, "first_response")
    assert fr.due_at == at(2, 10, 7) and fr.customer_tier == "vip"
    assert fr.matched_on == {"priority": 4, "tier": "vip"}


def test_reopen_continues_resolution_and_withdraws_callback(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="resolve", now=at(2, 12))
    res = clock(t, "resolution")
    assert res.state == "met" and res.elapsed_seconds == 2 * 3600
    cb = clock(t, "callback")
    assert cb.started_at == at(2, 12) and cb.due_at == at(3, 18)  # one business day, end of day
    ticket_transition(ticket=t, actor=agent, action="reopen", reason="客户不满意", now=at(2, 14))
    assert not TicketClock.objects.filter(ticket=t, metric="callback").exists()
    res = clock(t, "resolution")
    assert res.state == "running" and res.stopped_at is None
    assert res.due_at == at(4, 10)  # the two resolved hours are not counted
    ticket_transition(ticket=t, actor=agent, action="resolve", now=at(2, 15))
    res = clock(t, "resolution")
    assert res.state == "met" and res.elapsed_seconds == 3 * 3600


def test_recompute_twice_gives_same_rows(agent, customer, category, policies, logistics):
    t = new_ticket(agent, customer, category, at(2, 10))
    transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, 11))
    fields = [f.attname for f in TicketClock._meta.concrete_fields]
    before = list(TicketClock.objects.filter(ticket=t).order_by("id").values(*fields))
    clocks_recompute(ticket=t, now=at(2, 11))
    clocks_recompute(ticket=t, now=at(2, 11))
    assert list(TicketClock.objects.filter(ticket=t).order_by("id").values(*fields)) == before


def test_cancelled_ticket_cancels_clocks(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="cancel", reason="重复", now=at(2, 10, 30))
    assert set(TicketClock.objects.filter(ticket=t).values_list("state", flat=True)) == {"cancelled"}


def test_close_without_a_callback_does_not_meet_it(agent, customer, category, policies):
    """Only a real callback outcome meets the callback clock; a close in time without
    one leaves it unmeasured (cancelled), never met."""
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="resolve", now=at(2, 12))
    assert clock(t, "callback").state == "running"
    ticket_transition(ticket=t, actor=agent, action="close", now=at(3, 10))
    cb = clock(t, "callback")
    assert (cb.state, cb.stopped_at, cb.next_escalation_at) == ("cancelled", at(3, 10), None)
    assert not Breach.objects.filter(clock=cb).exists()


def test_close_before_the_callback_event_stops_it_unmet():
    facts = _facts(
        d.Event("status_changed", at(2, 12), new="resolved", data={"action": "resolve"}),
        d.Event("status_changed", at(2, 13), new="closed", data={"action": "close"}),
        d.Event("complaint.callback_done", at(2, 15)),
    )
    cb = _callback_spec(facts)
    assert (cb.state, cb.stopped_at) == ("cancelled", at(2, 13))


def test_complaint_callback_done_event_meets_the_callback():
    facts = _facts(
        d.Event("status_changed", at(2, 12), new="resolved", data={"action": "resolve"}),
        d.Event("complaint.callback_done", at(2, 15)),
        d.Event("status_changed", at(2, 16), new="closed", data={"action": "close"}),
    )
    cb = _callback_spec(facts)
    assert (cb.state, cb.stopped_at) == ("met", at(2, 15))


def test_close_after_callback_due_is_a_late_callback(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="resolve", now=at(2, 12))
    ticket_transition(ticket=t, actor=agent, action="close", now=at(4, 9))  # due Tue 18:00
    cb = clock(t, "callback")
    assert (cb.state, cb.stopped_at, cb.breached_at) == ("breached", at(4, 9), at(3, 18))
    assert Breach.objects.get(clock=cb).breached_at == at(3, 18)


def test_reopen_after_close_withdraws_callback_until_next_resolution(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    ticket_transition(ticket=t, actor=agent, action="resolve", now=at(2, 11))
    ticket_transition(ticket=t, actor=agent, action="close", now=at(2, 12))
    ticket_transition(ticket=t, actor=agent, action="reopen", reason="客户不满意", now=at(2, 13))
    assert not TicketClock.objects.filter(ticket=t, metric="callback").exists()
    ticket_transition(ticket=t, actor=agent, action="resolve", now=at(2, 14))
    cb = clock(t, "callback")  # the earlier close does not meet the new cycle's callback
    assert (cb.state, cb.started_at, cb.stopped_at) == ("running", at(2, 14), None)


def _facts(*events):
    return d.facts_from_events([d.Event("created", at(2, 10), data={"priority": 2}), *events])


def test_callback_done_event_meets_callback_first():
    facts = _facts(
        d.Event("status_changed", at(2, 12), new="resolved", data={"action": "resolve"}),
        d.Event("callback_done", at(2, 15)),
        d.Event("status_changed", at(3, 9), new="closed", data={"action": "close"}),
    )
    assert facts.callbacks == [at(2, 15)] and facts.closes == [at(3, 9)]
    cb = _callback_spec(facts)
    assert (cb.state, cb.stopped_at) == ("met", at(2, 15))


def test_close_as_invalid_starts_no_callback():
    facts = _facts(d.Event("status_changed", at(2, 11), new="closed", data={"action": "cancel"}))
    assert facts.closes == [] and facts.cancelled_at == at(2, 11)
    assert _callback_spec(facts) is None


def _callback_spec(facts):
    from sla.kernel import Calendar

    policy = d.PolicyView(id=1, revision=1, metric="callback", criteria={}, rank=0, target_minutes=480,
                          target_days=None, end_of_day=False, pause_statuses=(), warn_percent=75, calendar_id=None,
                          rules=())
    cal = Calendar("Asia/Shanghai", {day: [("09:00", "18:00")] for day in range(5)})
    specs = d.derive(facts=facts, policies=[policy], calendar_for=lambda dept, p: (None, cal), fired={},
                     now=at(3, 12), heads={})
    return next((s for s in specs if s.metric == "callback"), None)


def test_recompute_without_change_reads_three_times_and_writes_nothing(agent, customer, category, policies,
                                                                       logistics):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t = new_ticket(agent, customer, category, at(2, 10))
    transfer_create(ticket=t, actor=agent, department=logistics, question="?", now=at(2, 11))
    clocks_recompute(ticket=t, now=at(2, 11))  # warm the in-process policy/calendar caches
    with CaptureQueriesContext(connection) as queries:
        clocks = clocks_recompute(ticket=t, now=at(2, 11))
    assert len(clocks) == 3
    sqls = [q["sql"].lstrip() for q in queries.captured_queries]
    if connection.vendor == "postgresql":  # first the clocks' row lock (lock order: slacenter.locking)
        assert sqls[0].endswith("FOR NO KEY UPDATE")
        sqls = sqls[1:]
    assert [q[:6].upper() for q in sqls] == ["SELECT"] * 3
    # A later instant changes only what the derivation says changed: still one write.
    with CaptureQueriesContext(connection) as queries:
        clocks_recompute(ticket=t, now=at(2, 11, 1))
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(writes) <= 1

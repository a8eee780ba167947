"""Races between the sweep and users' writes on PostgreSQL (two real connections), in
forced interleavings: the sweep holds its locks (its transaction kept open) while a
department answers the same ticket.

- No deadlock: the sweep's foreign-key checks at commit take key-share locks on the
  ticket, which the ticket services' `FOR NO KEY UPDATE` does not block (lock order
  in `slacenter.locking`); the answer waits for the clocks, then goes through.
- No false breach: the recompute locks the clocks before it reads them, so it sees
  the breach the sweep committed meanwhile and withdraws it when the answer came in
  time.
- No lost update: an escalation's priority raise reads the priority under the
  ticket lock."""

import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection, transaction

from sla.models import Breach, EscalationAction, EscalationRule, TicketClock
from sla.services.actions import escalation_action_apply
from sla.services.policies import escalation_rule_set
from sla.services.sweep import sla_sweep
from slacenter.locking import retry_on_deadlock
from tests.factories import make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket
from tickets.models import Role, Ticket
from tickets.services import ticket_transition, ticket_update, transfer_answer, transfer_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def wait_for_lock_wait(timeout: float = 30.0) -> None:
    """Until another backend of this database waits for a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            if cur.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("nobody waited for a lock")


class Thread(threading.Thread):
    """A thread on its own connection that keeps its exception for the test."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self.fn, self.error, self.result = target, None, None

    def run(self):
        try:
            self.result = self.fn()
        except Exception as exc:  # noqa: BLE001 - asserted by the test
            self.error = exc
        finally:
            connection.close()


@pytest.fixture
def transferred(agent, manager, customer, category, policies, logistics, logistics_staff):
    """A question to logistics at 08:30 Monday: reply due 08:30 Tuesday (08:00–12:00 calendar);
    at 100 % the service managers are notified (a notification row keyed to the ticket)."""
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head")
    logistics.head = head
    logistics.save(update_fields=["head"])
    escalation_rule_set(policy=policies["dept"], level=1, percent=100, notify=["service_managers"],
                        action=EscalationRule.Action.RAISE_PRIORITY, actor=None, system=True, now=at(1, 0),
                        recompute=False)
    t = new_ticket(agent, customer, category, at(2, 8), assignee=agent)
    transfer = transfer_create(ticket=t, actor=agent, department=logistics, question="包裹在哪里？", now=at(2, 8, 30))
    clock = TicketClock.objects.get(transfer=transfer)
    assert clock.due_at == at(3, 8, 30)
    return t, transfer, clock


def sweep_holding_its_locks(now, proceed: threading.Event, ready: threading.Event):
    def run():
        with transaction.atomic():
            result = sla_sweep(now=now)
            ready.set()
            assert proceed.wait(10)
        return result
    return run


def race_answer(transfer, staff, answered_at):
    ready, proceed = threading.Event(), threading.Event()
    sweeper = Thread(sweep_holding_its_locks(at(3, 9), proceed, ready))
    sweeper.start()
    assert ready.wait(10)
    answer = Thread(lambda: transfer_answer(transfer=transfer, actor=staff, answer="已找到，明天送达", now=answered_at))
    answer.start()
    wait_for_lock_wait()  # the answer waits for the clocks the sweep holds
    proceed.set()
    sweeper.join(15)
    answer.join(15)
    return sweeper, answer


def test_department_answer_racing_the_sweep_is_not_a_deadlock(postgres_only, transferred, logistics_staff, caplog):
    t, transfer, clock = transferred
    sweeper, answer = race_answer(transfer, logistics_staff, at(3, 9, 5))
    assert sweeper.error is None and answer.error is None, (sweeper.error, answer.error)
    assert "lost a deadlock" not in caplog.text  # not even one retried
    assert sweeper.result.breaches == 2  # the first response too (no reply to the customer yet)
    transfer.refresh_from_db()
    assert transfer.status == "replied"
    clock.refresh_from_db()
    assert (clock.state, clock.breached_at, clock.stopped_at) == ("breached", at(3, 8, 30), at(3, 9, 5))
    assert Breach.objects.filter(clock=clock).count() == 1


def test_answer_in_time_racing_the_sweep_leaves_no_false_breach(postgres_only, transferred, logistics_staff, agent,
                                                                merchandise):
    t, transfer, clock = transferred
    # A second open question: the answer is then ONE event (no status move after it),
    # so nothing but the recompute's own read decides the clock.
    transfer_create(ticket=t, actor=agent, department=merchandise, question="是否缺货？", now=at(2, 8, 40))
    # The answer's instant is before the due time, but it commits while the sweep
    # (at 09:00) holds the clock it has just marked breached.
    sweeper, answer = race_answer(transfer, logistics_staff, at(3, 8, 20))
    assert sweeper.error is None and answer.error is None, (sweeper.error, answer.error)
    assert sweeper.result.breaches == 3  # this reply clock, the other department's and the first response
    clock.refresh_from_db()
    assert clock.state == "met"
    assert not Breach.objects.filter(clock=clock).exists()


def test_status_change_racing_the_sweep_is_not_lost(postgres_only, transferred, agent, customer, category, policies):
    """An agent's move while the sweep holds the ticket's clocks (and will check the
    ticket's key for the notice it inserted): the write goes through — retried if
    PostgreSQL picked it as a deadlock victim — and so does the sweep."""
    escalation_rule_set(policy=policies["fr"], level=1, percent=100, notify=["service_managers"], actor=None,
                        system=True, now=at(1, 0), recompute=False)
    t = new_ticket(agent, customer, category, at(2, 8), assignee=agent)
    clock = TicketClock.objects.get(ticket=t, metric="first_response")
    ready, proceed = threading.Event(), threading.Event()
    sweeper = Thread(sweep_holding_its_locks(at(3, 9), proceed, ready))
    sweeper.start()
    assert ready.wait(10)
    mover = Thread(lambda: ticket_transition(ticket=t, actor=agent, action="resolve", now=at(3, 9, 5)))
    mover.start()
    wait_for_lock_wait()
    proceed.set()
    sweeper.join(15)
    mover.join(15)
    assert sweeper.error is None and mover.error is None, (sweeper.error, mover.error)
    assert Ticket.objects.get(pk=t.pk).status == "resolved"
    assert Breach.objects.filter(clock=clock).count() == 1


def test_escalation_priority_raise_reads_under_the_lock(postgres_only, transferred, lead):
    t, transfer, clock = transferred
    sla_sweep(now=at(3, 9))
    action = EscalationAction.objects.get()
    ready, proceed = threading.Event(), threading.Event()

    def lead_raises():
        with transaction.atomic():
            ticket_update(ticket=t, actor=lead, priority=3, now=at(3, 9, 1))
            ready.set()
            assert proceed.wait(10)

    editor = Thread(lead_raises)
    editor.start()
    assert ready.wait(10)
    applier = Thread(lambda: escalation_action_apply(action_id=action.pk, now=at(3, 9, 2)))
    applier.start()
    wait_for_lock_wait()
    proceed.set()
    editor.join(15)
    applier.join(15)
    assert editor.error is None and applier.error is None, (editor.error, applier.error)
    assert applier.result == "done"
    assert Ticket.objects.get(pk=t.pk).priority == 4  # the lead's 3, raised by one — not 2 + 1


def _deadlock():
    exc = OperationalError("deadlock detected")
    exc.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
    return exc


def test_a_write_that_loses_a_deadlock_is_retried(postgres_only):
    calls = []

    @retry_on_deadlock
    def write():
        calls.append(1)
        if len(calls) == 1:
            raise _deadlock()
        return "saved"

    assert write() == "saved"
    assert len(calls) == 2


def test_no_retry_inside_an_enclosing_transaction_nor_for_other_errors(postgres_only):
    calls = []

    @retry_on_deadlock
    def write(exc):
        calls.append(1)
        raise exc

    with pytest.raises(OperationalError), transaction.atomic():
        write(_deadlock())
    with pytest.raises(OperationalError):
        write(OperationalError("connection refused"))
    assert len(calls) == 2

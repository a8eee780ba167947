"""Fault test with a REAL worker and beat on PostgreSQL: the worker is killed with
SIGKILL in the middle of a sweep, restarted, killed again in the middle of applying
the escalation actions that sweep decided, and restarted; afterwards every breach,
escalation level, notification and escalation action is there exactly once.

Deterministic interleavings, no sleeps to "hit" a window: the test holds a lock the
worker needs from a connection of its own, waits until PostgreSQL shows the worker
waiting for it (`pg_stat_activity`), and kills the worker there.

1. The sweep's insert of notifications waits for a conflicting, uncommitted
   notification row of the test: the sweep is mid-transaction (breaches, levels,
   action rows written, nothing committed). Kill. Nothing of it may be left.
2. Restarted, a sweep commits; the action task waits for a ticket the test holds
   `FOR NO KEY UPDATE`. Kill. Beat's re-drive applies what is left after the next
   restart — each priority raised exactly once."""

from __future__ import annotations

import os
import signal
import time
from datetime import date, timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from sla.models import Breach, EscalationAction, EscalationLog, EscalationRule, TicketClock
from sla.services.calendars import calendar_create
from sla.services.policies import escalation_rule_set, policy_create
from tests.processes import WORKER_ARGS, CeleryProcesses, start
from tickets.models import Notification, Ticket, TicketEvent
from tickets.services import ticket_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TICKETS = 12
ALL_WEEK = {str(day): [["00:00", "24:00"]] for day in range(7)}
WAIT = 60


@pytest.fixture
def due_tickets(center, agent, manager, customer, category):
    """TICKETS tickets opened an hour ago, held to a one-minute first response on a 24×7
    calendar: every clock is past both levels — 50 % (notify the managers) and 100 %
    (notify the managers and raise the priority)."""
    now = timezone.now()
    calendar_create(name="24x7", department=center, weekly=ALL_WEEK, effective_from=date(now.year - 1, 1, 1),
                    observes_statutory_holidays=False, actor=None, system=True, now=now)
    policy = policy_create(name="FR 1 min (test)", metric="first_response", target_minutes=1, warn_percent=50,
                           actor=None, system=True, now=now, recompute=False)
    rules = [
        escalation_rule_set(policy=policy, level=1, percent=50, notify=["service_managers"], actor=None, system=True,
                            now=now, recompute=False),
        escalation_rule_set(policy=policy, level=2, percent=100, notify=["service_managers"],
                            action=EscalationRule.Action.RAISE_PRIORITY, actor=None, system=True, now=now,
                            recompute=False),
    ]
    opened = now - timedelta(hours=1)
    tickets = [ticket_create(actor=agent, customer=customer, title=f"投诉 {i}", channel="hotline", category=category,
                             assignee=agent, now=opened) for i in range(TICKETS)]
    clocks = list(TicketClock.objects.filter(metric="first_response").order_by("ticket_id"))
    assert len(clocks) == TICKETS and all(c.due_at < now for c in clocks)
    return {"tickets": tickets, "clocks": clocks, "rules": rules, "manager": manager}


def waiting_backend(procs, like: str, exclude_pid: int) -> int | None:
    """The pid of a backend (not the test's) waiting for a lock in a statement like `like`."""
    rows = procs.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
                       "wait_event_type = 'Lock' AND query ILIKE %s AND pid <> %s", (like, exclude_pid))
    return rows[0][0] if rows else None


def backend_gone(procs, pid: int, timeout: float = WAIT) -> bool:
    """Until the killed worker's server process has gone (its transaction rolled back)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not procs.query("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)):
            return True
        time.sleep(0.2)
    return False


def kill_worker(procs) -> None:
    os.killpg(procs.worker.pid, signal.SIGKILL)
    procs.worker.wait(timeout=10)


def restart_worker(procs, n: int) -> None:
    procs.worker_log = procs.tmp_path / f"worker-{n}.log"
    procs.worker = start(WORKER_ARGS, procs.env, procs.worker_log)


def test_worker_killed_mid_sweep_and_mid_actions_leaves_everything_exactly_once(postgres_only, tmp_path,
                                                                                 due_tickets):
    started = time.monotonic()
    tickets, clocks, rules, manager = (due_tickets[k] for k in ("tickets", "clocks", "rules", "manager"))
    blocker = psycopg.connect(**connection.get_connection_params())
    blocker_pid = blocker.info.backend_pid
    note_t, ticket_t = Notification._meta.db_table, Ticket._meta.db_table
    held_key = f"sla:{clocks[0].pk}:{rules[0].pk}"
    with blocker.cursor() as cur:  # uncommitted: the sweep's insert of the same key must wait for it
        cur.execute(f"INSERT INTO {note_t} (recipient_id, ticket_id, key, subject, body, url, urgent, "  # noqa: S608
                    "created_at, deliver_after) VALUES (%s, %s, %s, 'held', '', '', false, now(), now())",
                    (manager.pk, tickets[0].pk, held_key))
    env = {"SLA_SWEEP_SECONDS": "2", "SLA_REDRIVE_SECONDS": "2"}
    try:
        with CeleryProcesses(tmp_path, name="kill", extra_env=env) as procs:
            # 1. Killed mid-sweep.
            pid = procs.wait_for(lambda: waiting_backend(procs, "%INSERT INTO%notification%", blocker_pid),
                                 timeout=WAIT)
            assert pid, f"the sweep never reached its notifications\n{procs.logs()}"
            kill_worker(procs)
            blocker.rollback()
            assert backend_gone(procs, pid), "the dead worker's backend stayed"
            assert procs.query(f"SELECT count(*) FROM {Breach._meta.db_table}") == [(0,)]  # noqa: S608
            assert procs.query(f"SELECT count(*) FROM {EscalationAction._meta.db_table}") == [(0,)]  # noqa: S608

            # 2. Killed while applying the actions: one ticket is held by the test.
            held = tickets[TICKETS // 2]
            with blocker.cursor() as cur:
                cur.execute(f"SELECT id FROM {ticket_t} WHERE id = %s FOR NO KEY UPDATE", (held.pk,))  # noqa: S608
            restart_worker(procs, 2)
            pid = procs.wait_for(lambda: waiting_backend(procs, "%FOR NO KEY UPDATE%", blocker_pid), timeout=WAIT)
            assert pid, f"no action waited for the held ticket\n{procs.logs()}"
            kill_worker(procs)
            blocker.rollback()
            assert backend_gone(procs, pid), "the dead worker's backend stayed"

            # 3. Restarted: beat's re-drive finishes the actions.
            restart_worker(procs, 3)
            action_t = EscalationAction._meta.db_table
            done = procs.wait_for(lambda: procs.query(
                f"SELECT count(*) FROM {action_t} WHERE state = 'done'") == [(TICKETS,)], timeout=WAIT)  # noqa: S608
            assert done, f"actions not all applied\n{procs.logs()}"
    finally:
        blocker.close()

    # Exactly once, everything.
    clock_ids = {c.pk for c in clocks}
    assert sorted(Breach.objects.values_list("clock_id", flat=True)) == sorted(clock_ids)
    assert sorted(EscalationLog.objects.values_list("clock_id", "level")) == sorted(
        (c, lvl) for c in clock_ids for lvl in (1, 2))
    assert not EscalationLog.objects.filter(skipped=True).exists()
    keys = list(Notification.objects.filter(recipient=manager).values_list("key", flat=True))
    assert sorted(keys) == sorted(f"sla:{c}:{r.pk}" for c in clock_ids for r in rules)
    actions = list(EscalationAction.objects.values_list("ticket_id", "state", "attempts"))
    assert sorted(actions) == sorted((t.pk, "done", 1) for t in tickets)
    for t in tickets:
        assert Ticket.objects.get(pk=t.pk).priority == t.priority + 1
        assert TicketEvent.objects.filter(ticket=t, kind="field_changed", field="priority").count() == 1
    assert time.monotonic() - started < 90

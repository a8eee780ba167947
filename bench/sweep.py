"""Benchmark of the SLA sweep on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres slacenter_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/slacenter_bench .venv/bin/python bench/sweep.py

Data (generated with INSERT … SELECT generate_series, after migrating the database):
250,000 tickets with one transfer each and four clocks each (first response,
resolution, callback, department reply) = 1,000,000 clocks, all running; 10,000 of
them became due within the last minute (their 75 % level already fired, so the
sweep must record the breach and fire the 100 % level: notify the team lead).
Every clock has a three-level escalation plan, a responsible department and person.

Figures (same run, same rows):
- floor: one raw `UPDATE … SET state='breached' WHERE state='running' AND due_at <= now`
  over those rows, rolled back;
- sweep: `sla_sweep(now)` — breaches with attribution, escalation log, notifications,
  next escalation instants — rolled back; floor and sweep alternate, median of 5 each
  (BENCH_ROUNDS) after one untimed warm-up run of each; every timed run starts after a VACUUM of the tables involved and
  includes the deferred foreign-key checks (SET CONSTRAINTS ALL IMMEDIATE before
  the clock stops); then the sweep once for real (committed);
- steady: 100 more clocks become due; one sweep (median of 3, rolled back).
The LAST line is one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slacenter.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

TICKETS = int(os.environ.get("BENCH_TICKETS", 250_000))
DUE_NOW = int(os.environ.get("BENCH_DUE", 10_000))
STEADY = 100
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))


class Rollback(Exception):
    pass


FK_TIMES: dict[str, list[float]] = {}


def vacuum() -> None:
    """Every timed run starts from the same physical state: the rolled-back rows and
    index entries of the previous run are cleaned up (outside the timing)."""
    with connection.cursor() as cur:
        cur.execute("VACUUM sla_ticketclock, sla_breach, sla_escalationlog, sla_escalationaction, tickets_notification")


def timed_rolled_back(fn, repeat=3):
    """Median time of `fn` in a transaction that is rolled back. The deferred foreign
    key checks (which a commit would run) are forced inside the timing with
    SET CONSTRAINTS ALL IMMEDIATE, so the figure is what a committed run costs bar
    the WAL flush (which the floor would pay alike)."""
    times = []
    for _ in range(repeat):
        vacuum()
        try:
            with transaction.atomic():
                t0 = time.perf_counter()
                result = fn()
                t1 = time.perf_counter()
                with connection.cursor() as cur:
                    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                times.append(time.perf_counter() - t0)
                FK_TIMES.setdefault(fn.__name__ if fn.__name__ != "<lambda>" else "last", []).append(
                    time.perf_counter() - t1)
                raise Rollback
        except Rollback:
            pass
    return statistics.median(times), result


def reuse(now: datetime) -> datetime | None:
    """BENCH_REUSE=1: keep the generated clocks, undo the previous run's sweep."""
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM sla_ticketclock")
        if cur.fetchone()[0] != TICKETS * 4:
            return None
        cur.execute("SELECT to_regclass('bench_meta') IS NOT NULL")
        if not cur.fetchone()[0]:
            return None
        cur.execute("SELECT value FROM bench_meta WHERE name = 'now'")
        then = cur.fetchone()[0]
        cur.execute("UPDATE sla_ticketclock SET state = 'running', breached_at = NULL, next_escalation_at = due_at "
                    "WHERE state = 'breached' AND due_at <= %s", [then])
        # The previous run's steady-state clocks go back to the far side of `now`.
        cur.execute("UPDATE sla_ticketclock SET state = 'running', breached_at = NULL, "
                    "due_at = due_at + interval '1 day', next_escalation_at = due_at + interval '1 day' "
                    "WHERE due_at > %s AND due_at <= %s + interval '2 minutes'", [then, then])
        cur.execute("TRUNCATE sla_breach, sla_escalationlog, sla_escalationaction, tickets_notification")
        cur.execute("ANALYZE")
    return then


def setup(now: datetime) -> None:
    from django.contrib.auth import get_user_model

    from sla.models import CalendarVersion, ServiceCalendar, SlaPolicy
    from sla.services.policies import escalation_rule_set, policy_create
    from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
    from tickets.models import Role

    with connection.cursor() as cur:
        cur.execute("TRUNCATE sla_escalationlog, sla_escalationaction, sla_breach, sla_ticketclock, "
                    "tickets_notification, tickets_transfer, tickets_ticketevent, tickets_ticket CASCADE")
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部")
    if not ServiceCalendar.objects.filter(department=center).exists():
        for dept in (center, logistics):
            cal = ServiceCalendar.objects.create(name=dept.code, department=dept, timezone="Asia/Shanghai")
            CalendarVersion.objects.create(calendar=cal, effective_from=date(2020, 1, 1), created_at=now,
                                           weekly={str(d): [["00:00", "24:00"]] for d in range(7)})
    agents = [make_staff(Role.AGENT, center, username=f"bench_agent{i}") for i in range(50)]
    make_staff(Role.TEAM_LEAD, center, username="bench_lead0")
    get_user_model().objects.filter(username__startswith="bench_lead").exclude(username="bench_lead0").delete()
    make_staff(Role.SERVICE_MANAGER, center, username="bench_manager")
    category, customer = CategoryFactory(code="bench"), CustomerFactory()
    if not SlaPolicy.objects.exists():
        for metric in ("first_response", "resolution", "callback", "department_reply"):
            p = policy_create(actor=None, system=True,
                              name=metric, metric=metric, target_minutes=120, now=now, recompute=False)
            escalation_rule_set(actor=None, system=True,
                                policy=p, level=1, percent=75, notify=["assignee"], now=now, recompute=False)
            escalation_rule_set(actor=None, system=True,
                                policy=p, level=2, percent=100, notify=["team_leads"], now=now, recompute=False)
            escalation_rule_set(actor=None, system=True, policy=p, level=3, trigger="offset", offset_minutes=30,
                                notify=["service_managers"], now=now, recompute=False)
    policies = {p.metric: p for p in SlaPolicy.objects.prefetch_related("rules")}
    a0, an = agents[0].pk, len(agents)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO tickets_ticket (number, kind, title, description, channel, category_id, priority, status,
                customer_id, assignee_id, responsible_department_id, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 9, '0'), 'complaint', 'bench ' || g, '', 'hotline', %s, 2, 'in_progress',
                %s, %s + (g %% %s), %s, %s, %s
            FROM generate_series(1, %s) g""",
                    [category.pk, customer.pk, a0, an, center.pk, now - timedelta(hours=2), now, TICKETS])
        cur.execute("""
            INSERT INTO tickets_transfer (ticket_id, department_id, question, status, requested_at, answer)
            SELECT id, %s, 'bench', 'open', %s, '' FROM tickets_ticket""", [logistics.pk, now - timedelta(hours=2)])
        for i, metric in enumerate(("first_response", "resolution", "callback", "department_reply")):
            p = policies[metric]
            rules = sorted(p.rules.all(), key=lambda r: r.level)
            # Clock k (0-based over all clocks) is due now if k < DUE_NOW: due in the last minute.
            cur.execute(f"""
                INSERT INTO sla_ticketclock (ticket_id, metric, transfer_id, policy_id, policy_revision, matched_on,
                    started_at, target_seconds, paused_seconds, elapsed_seconds, due_at, warn_at,
                    next_escalation_at, state, responsible_department_id, responsible_user_id, customer_tier,
                    pauses, pause_attribution, escalation_plan, derived_at)
                SELECT t.id, %s, {'tr.id' if metric == 'department_reply' else 'NULL'}, %s, 1, '{{}}',
                    d.due - interval '2 hours', 7200, 0, 0, d.due, d.due - interval '30 minutes',
                    CASE WHEN d.due <= %s THEN d.due ELSE d.due - interval '30 minutes' END,
                    'running', %s, t.assignee_id, 'standard', '[]', '{{}}',
                    json_build_array(
                        json_build_array(%s, 1, to_char((d.due - interval '30 minutes') AT TIME ZONE 'UTC',
                                         'YYYY-MM-DD"T"HH24:MI:SS.US+00:00')),
                        json_build_array(%s, 2, to_char(d.due AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US+00:00')),
                        json_build_array(%s, 3, to_char((d.due + interval '30 minutes') AT TIME ZONE 'UTC',
                                         'YYYY-MM-DD"T"HH24:MI:SS.US+00:00'))),
                    %s
                FROM tickets_ticket t
                {'JOIN tickets_transfer tr ON tr.ticket_id = t.id' if metric == 'department_reply' else ''}
                CROSS JOIN LATERAL (SELECT CASE
                    WHEN ((t.id - %s) * 4 + %s) < %s THEN %s - (((t.id * 7919) %% 60000) * interval '1 millisecond')
                    ELSE %s + interval '1 hour' + ((t.id * 4 + %s) %% 43200) * interval '1 minute' END AS due) d
                """,
                        [metric, p.pk, now, center.pk, rules[0].pk, rules[1].pk, rules[2].pk, now,
                         first_ticket_id(cur), i, DUE_NOW, now, now, i])
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (name text PRIMARY KEY, value timestamptz)")
        cur.execute("INSERT INTO bench_meta VALUES ('now', %s) ON CONFLICT (name) DO UPDATE SET value = %s",
                    [now, now])
        cur.execute("ANALYZE")
    print(f"generated {TICKETS:,} tickets, {TICKETS * 4:,} clocks in {time.perf_counter() - t0:.1f} s")


def first_ticket_id(cur) -> int:
    cur.execute("SELECT min(id) FROM tickets_ticket")
    return cur.fetchone()[0]


def floor(now):
    with connection.cursor() as cur:
        cur.execute("UPDATE sla_ticketclock SET state = 'breached', breached_at = due_at "
                    "WHERE state = 'running' AND due_at <= %s", [now])
        return cur.rowcount


def main() -> None:
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgresql://…"
    call_command("migrate", verbosity=0)
    from sla.services.sweep import sla_sweep

    now = datetime.now(UTC).replace(microsecond=0)
    then = reuse(now) if os.environ.get("BENCH_REUSE") else None
    if then is None:
        setup(now)
    else:
        now = then
        print("reusing the generated clocks (BENCH_REUSE=1)")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(*) FILTER (WHERE due_at <= %s) FROM sla_ticketclock", [now])
        total, due = cur.fetchone()
    print(f"clocks: {total:,}, due at now: {due:,}")
    # Floor and sweep alternate (the machine is shared: interleaving spreads the noise
    # evenly over both); each run is rolled back; medians of ROUNDS.
    floors, sweeps = [], []
    timed_rolled_back(lambda: floor(now), repeat=1)  # warm-up of both (untimed): same cache state for each
    timed_rolled_back(lambda: sla_sweep(now=now), repeat=1)
    for _ in range(ROUNDS):
        f, rows = timed_rolled_back(lambda: floor(now), repeat=1)
        s, result = timed_rolled_back(lambda: sla_sweep(now=now), repeat=1)
        floors.append(f)
        sweeps.append(s)
    print("floor runs (ms):", [round(x * 1000) for x in floors], " sweep runs (ms):", [round(x * 1000) for x in sweeps])
    floor_s, sweep_s = statistics.median(floors), statistics.median(sweeps)
    fk = FK_TIMES.pop("last", [])[-2 * ROUNDS:][1::2]  # the sweep runs' share
    print("of which deferred FK checks (notification → user, ticket) in the sweep runs (ms):",
          [round(x * 1000) for x in fk])
    print(f"floor (one raw UPDATE of {rows:,} rows, median of {ROUNDS}): {floor_s * 1000:.1f} ms")
    print(f"sweep (rolled back, median of {ROUNDS}): {sweep_s * 1000:.1f} ms -> {result}")
    t0 = time.perf_counter()
    committed = sla_sweep(now=now)
    print(f"sweep committed: {(time.perf_counter() - t0) * 1000:.1f} ms -> {committed}")
    again = sla_sweep(now=now)
    print(f"second sweep at the same now (idempotence): {again}")
    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM sla_breach), (SELECT count(*) FROM sla_escalationlog), "
                    "(SELECT count(*) FROM tickets_notification)")
        print("breaches, escalations, notifications:", cur.fetchone())

    later = now + timedelta(minutes=1)
    with connection.cursor() as cur:
        cur.execute("""UPDATE sla_ticketclock SET due_at = %s - interval '10 seconds',
                         next_escalation_at = %s - interval '10 seconds',
                         escalation_plan = json_build_array(json_build_array((escalation_plan->1->>0)::int, 2,
                             to_char((%s - interval '10 seconds') AT TIME ZONE 'UTC',
                                     'YYYY-MM-DD"T"HH24:MI:SS.US+00:00')))
                       WHERE id IN (SELECT id FROM sla_ticketclock WHERE state = 'running' AND due_at > %s
                                    ORDER BY due_at LIMIT %s)""", [later, later, later, later, STEADY])
    steady_s, steady = timed_rolled_back(lambda: sla_sweep(now=later))
    print(f"steady sweep ({STEADY} newly due): {steady_s * 1000:.1f} ms -> {steady}")
    print(json.dumps({"sweep_s": round(sweep_s, 4), "floor_s": round(floor_s, 4),
                      "ratio": round(sweep_s / floor_s, 2), "steady_s": round(steady_s, 4)}))


if __name__ == "__main__":
    main()

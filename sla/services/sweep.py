"""The SLA sweep (Celery beat, every minute): record the breaches whose due instant
has passed and fire the escalation levels that have come due.

Idempotent by construction: a breach is a guarded UPDATE
(`… WHERE state = 'running' AND due_at <= now`) plus an insert that ignores
conflicts on the one-breach-per-clock key; escalations lock their clocks with
`SKIP LOCKED`, are logged once per (clock, rule) and notify once per (recipient,
key). Running it twice — or twice at once — records exactly what one run does.
`breached_at` is the due instant, never the sweep's time, so a late sweep changes
nothing, and a clock met before its due instant is never 'running' past it.
`now` is read once, by the caller.

On PostgreSQL the whole sweep is one statement (`sweep_pg`: claim, breaches, log,
actions, notification rows); elsewhere (SQLite) the same steps run as a few
set-based queries with the notifications built in Python
(`escalation.notifications_build`). Both hand their notifications to `tickets`'
set-based `notifications_create_bulk`, and `tests/sla/test_sweep_engines.py` runs
one scenario through both and compares every row they write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction

from tickets.services.notifications import notifications_create_bulk

from ..models import Breach, ClockState, EscalationAction, TicketClock
from . import sweep_pg
from .escalation import escalations_claim, notifications_build


@dataclass
class SweepResult:
    breaches: int = 0
    escalations: int = 0
    notifications: int = 0
    actions: int = 0  # recorded (pending); applied after commit
    action_ids: list = field(default_factory=list)


def breaches_record(*, now: datetime) -> int:
    """Mark running clocks past due as breached and record their breaches (with the
    responsible department and person the derivation stored for the due instant)."""
    table = TicketClock._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {table} SET state = %s, breached_at = due_at "  # noqa: S608 - table name from _meta
            "WHERE state = %s AND due_at <= %s "
            "RETURNING id, ticket_id, metric, due_at, responsible_department_id, responsible_user_id",
            [ClockState.BREACHED, ClockState.RUNNING, now],
        )
        rows = cur.fetchall()
    if not rows:
        return 0
    # A raw cursor on SQLite returns the stored UTC text, which Django would read as
    # local time: convert it the way the ORM does (PostgreSQL returns aware values).
    due = {r[0]: r[3] for r in rows}
    if connection.vendor == "sqlite":
        due = {pk: connection.ops.convert_datetimefield_value(at, None, connection) for pk, at in due.items()}
    Breach.objects.bulk_create(
        [Breach(clock_id=r[0], ticket_id=r[1], metric=r[2], breached_at=due[r[0]], department_id=r[4],
                person_id=r[5], recorded_at=now) for r in rows],
        ignore_conflicts=True,
        batch_size=5000,
    )
    return len(rows)


def escalation_actions_record(actions, *, now: datetime) -> list[int]:
    """The portable path's `act` step: one pending `EscalationAction` per (clock,
    rule), in the sweep's transaction. Returns the ids of the rows recorded."""
    if not actions:
        return []
    EscalationAction.objects.bulk_create(
        [EscalationAction(clock_id=clock_id, ticket_id=ticket_id, rule_id=rule_id, action=action, level=level,
                          next_attempt_at=now, created_at=now)
         for clock_id, ticket_id, rule_id, action, level in actions],
        ignore_conflicts=True, batch_size=2000)
    keys = {(a[0], a[2]) for a in actions}
    rows = EscalationAction.objects.filter(clock_id__in={a[0] for a in actions}, created_at=now).order_by("pk")
    return [pk for pk, clock_id, rule_id in rows.values_list("pk", "clock_id", "rule_id")
            if (clock_id, rule_id) in keys]


def sla_sweep(*, now: datetime, limit: int = 50_000, engine: str = "auto") -> SweepResult:
    """One sweep at `now` (read once by the caller). At most `limit` clocks per run;
    the rest are picked up by the next run. `engine`: "auto" (the PostgreSQL statement
    on PostgreSQL, else the portable path), "sql" or "python" (tests compare the two).

    Everything the sweep decides commits together: breaches, levels, notifications
    and the escalation ACTIONS as pending rows. The actions are applied after commit
    (`sla.services.actions`; the task enqueues them on commit and beat re-drives what
    is left), because applying one locks its ticket, which the sweep never does."""
    if engine == "auto":
        engine = "sql" if connection.vendor == "postgresql" else "python"
    with transaction.atomic():
        if engine == "sql":
            breaches, fired, action_ids, notes_json = sweep_pg.sweep_run(now=now, limit=limit)
            sent = notifications_create_bulk(rows_json=notes_json, now=now) if notes_json else 0
        else:
            breaches = breaches_record(now=now)
            claimed = escalations_claim(now=now, limit=limit)
            notes, actions = notifications_build(claimed, now=now) if claimed else ([], [])
            action_ids = escalation_actions_record(actions, now=now)
            fired = len(claimed)
            sent = notifications_create_bulk(notes, now=now)
    return SweepResult(breaches=breaches, escalations=fired, notifications=sent, actions=len(action_ids),
                       action_ids=action_ids)

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
notifications); elsewhere (SQLite) the same steps run as a few set-based queries
with the notifications built in Python (`escalation.notifications_build`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from tickets.models import Notification

from ..models import Breach, ClockState, EscalationRule, TicketClock
from . import sweep_pg
from .escalation import escalation_actions_run, escalations_claim, notifications_build


@dataclass
class SweepResult:
    breaches: int = 0
    escalations: int = 0
    notifications: int = 0
    actions: int = 0


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


def sla_sweep(*, now: datetime, limit: int = 50_000) -> SweepResult:
    """One sweep at `now` (read once by the caller). At most `limit` clocks per run;
    the rest are picked up by the next run."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            breaches, fired, sent, pairs = sweep_pg.sweep_run(now=now, limit=limit)
            rules = EscalationRule.objects.select_related("policy", "policy__escalation_owner").in_bulk(
                {rule_id for _t, rule_id in pairs})
            actions = [(ticket_id, rules[rule_id]) for ticket_id, rule_id in pairs]
        else:
            breaches = breaches_record(now=now)
            claimed = escalations_claim(now=now, limit=limit)
            notes, actions = notifications_build(claimed, now=now) if claimed else ([], [])
            Notification.objects.bulk_create(
                [Notification(recipient_id=n[0], ticket_id=n[1], key=n[2], subject=n[3], body=n[4], url=n[5],
                              urgent=n[6], deliver_after=n[7], created_at=now) for n in notes],
                ignore_conflicts=True, batch_size=2000)
            fired, sent = len(claimed), len(notes)
    # Actions lock tickets through the ticket services: they run after the sweep has
    # committed (one transaction each), so a user editing the same ticket can never
    # deadlock the whole sweep. The level is logged already, so an action runs at most once.
    done = escalation_actions_run(actions, now=now) if actions else 0
    return SweepResult(breaches=breaches, escalations=fired, notifications=sent, actions=done)

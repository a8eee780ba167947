"""The sweep on PostgreSQL: one statement claims the due clocks
(`FOR UPDATE SKIP LOCKED`), marks the breached ones (guarded on their old state),
moves `next_escalation_at` to the next plan instant, inserts the breaches and the
escalation log rows with `ON CONFLICT DO NOTHING`, and returns the levels that were
newly logged — so notifications and actions follow only from rows this run wrote.
A second, set-based insert writes the notifications."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from tickets.models import Department, Notification, Ticket

from ..models import Breach, EscalationLog, EscalationRule, TicketClock


def _sql() -> str:
    clock, breach, log = TicketClock._meta.db_table, Breach._meta.db_table, EscalationLog._meta.db_table
    rule, ticket, dept = EscalationRule._meta.db_table, Ticket._meta.db_table, Department._meta.db_table
    return f"""
WITH cand AS (
    SELECT id, state AS old_state, next_escalation_at AS old_next FROM {clock}
    WHERE (state = 'running' AND due_at <= %(now)s) OR next_escalation_at <= %(now)s
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
), upd AS (
    UPDATE {clock} c SET
        state = CASE WHEN c.state = 'running' AND c.due_at <= %(now)s THEN 'breached' ELSE c.state END,
        breached_at = CASE WHEN c.state = 'running' AND c.due_at <= %(now)s THEN c.due_at ELSE c.breached_at END,
        next_escalation_at = CASE WHEN c.next_escalation_at <= %(now)s THEN (
            SELECT min((p->>2)::timestamptz) FROM jsonb_array_elements(c.escalation_plan) p
            WHERE p->>2 IS NOT NULL AND (p->>2)::timestamptz > %(now)s) ELSE c.next_escalation_at END
    -- The ANY(ARRAY(...)) makes the planner fetch the claimed rows by primary key,
    -- never join them against a scan of the whole table.
    FROM cand WHERE c.id = cand.id AND c.id = ANY(ARRAY(SELECT id FROM cand))
    RETURNING c.id, c.ticket_id, c.metric, c.due_at, c.responsible_department_id, c.responsible_user_id,
              c.customer_tier, c.escalation_plan, c.state, cand.old_state, cand.old_next
), br AS (
    INSERT INTO {breach} (clock_id, ticket_id, metric, breached_at, department_id, person_id, recorded_at)
    SELECT id, ticket_id, metric, due_at, responsible_department_id, responsible_user_id, %(now)s
    FROM upd WHERE old_state = 'running' AND state = 'breached'
    ON CONFLICT (clock_id) DO NOTHING
    RETURNING 1
), fire AS (
    SELECT upd.id AS clock_id, upd.ticket_id, upd.metric, upd.due_at, upd.responsible_department_id AS dept_id,
           upd.customer_tier, (p->>0)::bigint AS rule_id, (p->>1)::int AS level, (p->>2)::timestamptz AS at
    FROM upd CROSS JOIN LATERAL jsonb_array_elements(upd.escalation_plan) p
    WHERE upd.old_next <= %(now)s AND p->>2 IS NOT NULL
      AND (p->>2)::timestamptz >= upd.old_next AND (p->>2)::timestamptz <= %(now)s
), lg AS (
    INSERT INTO {log} (clock_id, rule_id, level, scheduled_at, fired_at)
    SELECT f.clock_id, f.rule_id, f.level, f.at, %(now)s FROM fire f JOIN {rule} r ON r.id = f.rule_id
    ON CONFLICT (clock_id, rule_id) DO NOTHING
    RETURNING clock_id, rule_id
)
SELECT b.n, x.* FROM (SELECT count(*) AS n FROM br) b LEFT JOIN (
    SELECT f.clock_id, f.ticket_id, f.metric, f.due_at, f.dept_id, f.customer_tier, f.rule_id,
           t.assignee_id, t.number, d.head_id
    FROM fire f JOIN lg ON lg.clock_id = f.clock_id AND lg.rule_id = f.rule_id
    JOIN {ticket} t ON t.id = f.ticket_id LEFT JOIN {dept} d ON d.id = f.dept_id
) x ON true
"""


def sweep_claim(*, now: datetime, limit: int) -> tuple[int, list[tuple]]:
    """Returns (breaches recorded, newly fired levels as rows of
    (clock_id, ticket_id, metric, due_at, dept_id, tier, rule_id, assignee_id, number, head_id))."""
    with connection.cursor() as cur:
        cur.execute(_sql(), {"now": now, "limit": limit})
        rows = cur.fetchall()
    breaches = rows[0][0] if rows else 0
    return breaches, [r[1:] for r in rows if r[1] is not None]


def notifications_insert(notes: list[tuple], *, now: datetime) -> int:
    """Insert (recipient, ticket, key, subject, body, url, urgent, deliver_after) rows,
    once per (recipient, key)."""
    if not notes:
        return 0
    table = Notification._meta.db_table
    cols = list(zip(*notes, strict=True))
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (recipient_id, ticket_id, key, subject, body, url, urgent, deliver_after, "
            "created_at) SELECT r, t, k, s, b, u, g, d, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[], "
            "%s::text[], %s::text[], %s::text[], %s::bool[], %s::timestamptz[]) AS v(r, t, k, s, b, u, g, d) "
            "ON CONFLICT (recipient_id, key) DO NOTHING",
            [now, *[list(c) for c in cols]],
        )
        return cur.rowcount

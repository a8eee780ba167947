"""The sweep on PostgreSQL: ONE statement, a chain of data-modifying CTEs.

1. `cand`: the due clocks (breach due, or an escalation instant passed), locked
   with `FOR UPDATE SKIP LOCKED` (a clock a user transaction is recomputing is left
   to the next run — no waits, no deadlocks);
2. `upd`: marks the breached ones (guarded on their old state) and moves
   `next_escalation_at` to the next plan instant;
3. `br`: the breaches, with the attribution the derivation stored for the due
   instant (`ON CONFLICT (clock_id) DO NOTHING`);
4. `fire` / `lg`: every plan entry due since the old `next_escalation_at`, logged
   once per (clock, rule) (`ON CONFLICT DO NOTHING … RETURNING`: only the levels
   THIS run logged go on);
5. `act`: the actions of those levels (raise priority, reassign), recorded as
   `EscalationAction` rows once per (clock, rule) — durably, in this transaction;
   they are applied after commit (`sla.services.actions`);
6. `rcpt` / `nt`: the notifications of those levels, recipients expanded in SQL
   (assignee, team leads, managers, department head, department staff), returned as
   one JSON array and inserted by the caller through `tickets`' set-based
   `notifications_create_bulk` (once per (recipient, key)).

What needs Python — translated subjects, the role lists, and the next working
instant of each department's calendar (business time is `sla.kernel`'s job) — is
computed before and passed as arrays. The statement returns the counts, the ids of
the action rows it recorded and the notifications (JSON)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from tickets.models import Department, Role, StaffProfile, Ticket

from ..models import Breach, EscalationAction, EscalationLog, EscalationRule, TicketClock
from .clock_config import calendar_resolver
from .escalation import subject_for
from .notify import next_working_instant

R = EscalationRule.Recipient
# Recipient kinds as bits (the statement tests `mask & bit`).
BITS = {R.ASSIGNEE: 1, R.TEAM_LEADS: 2, R.SERVICE_MANAGERS: 4, R.DEPARTMENT_HEAD: 8, R.DEPARTMENT_STAFF: 16}
URGENCY = {EscalationRule.Urgency.NORMAL: 0, EscalationRule.Urgency.URGENT_IF_VIP: 1, EscalationRule.Urgency.URGENT: 2}
MARK = "\x00"


def _sql() -> str:
    clock, breach, log = TicketClock._meta.db_table, Breach._meta.db_table, EscalationLog._meta.db_table
    ticket, dept = Ticket._meta.db_table, Department._meta.db_table
    profile, user = StaffProfile._meta.db_table, get_user_model()._meta.db_table
    action = EscalationAction._meta.db_table
    return f"""
WITH cand AS (
    -- Locked first; everything below reads these values (the rows cannot change
    -- under the lock). `plan` only where an escalation instant has passed.
    SELECT id, ticket_id, metric, due_at, responsible_department_id AS dept_id, responsible_user_id AS user_id,
           customer_tier, next_escalation_at AS old_next, (state = 'running' AND due_at <= %(now)s) AS breach,
           CASE WHEN next_escalation_at <= %(now)s THEN escalation_plan END AS plan
    FROM {clock}
    WHERE (state = 'running' AND due_at <= %(now)s) OR next_escalation_at <= %(now)s
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
), steps AS (
    -- Each plan is parsed once: [[rule_id, level, instant_iso_or_null], ...].
    SELECT cand.id AS clock_id, (p->>0)::bigint AS rule_id, (p->>1)::int AS level, (p->>2)::timestamptz AS at,
           cand.old_next, cand.ticket_id, cand.due_at, cand.dept_id, cand.customer_tier
    FROM cand CROSS JOIN LATERAL jsonb_array_elements(cand.plan) p
    WHERE cand.plan IS NOT NULL AND p->>2 IS NOT NULL
), nxt AS (
    SELECT clock_id, min(at) FILTER (WHERE at > %(now)s) AS next_at FROM steps GROUP BY clock_id
), upd AS (
    UPDATE {clock} c SET
        state = CASE WHEN cand.breach THEN 'breached' ELSE c.state END,
        breached_at = CASE WHEN cand.breach THEN c.due_at ELSE c.breached_at END,
        next_escalation_at = CASE WHEN cand.plan IS NOT NULL THEN nxt.next_at ELSE c.next_escalation_at END
    -- The ANY(ARRAY(...)) makes the planner fetch the claimed rows by primary key,
    -- never join them against a scan of the whole table.
    FROM cand LEFT JOIN nxt ON nxt.clock_id = cand.id
    WHERE c.id = cand.id AND c.id = ANY(ARRAY(SELECT id FROM cand))
), br AS (
    INSERT INTO {breach} (clock_id, ticket_id, metric, breached_at, department_id, person_id, recorded_at)
    SELECT id, ticket_id, metric, due_at, dept_id, user_id, %(now)s FROM cand WHERE breach
    ON CONFLICT (clock_id) DO NOTHING
    RETURNING 1
), rules AS (
    SELECT * FROM unnest(%(r_id)s::bigint[], %(r_pre)s::text[], %(r_post)s::text[], %(r_mask)s::int[],
                         %(r_urg)s::int[], %(r_act)s::text[]) AS r(id, pre, post, mask, urg, act)
), fire AS (
    SELECT clock_id, ticket_id, due_at, dept_id, customer_tier, rule_id, level, at
    FROM steps WHERE at >= old_next AND at <= %(now)s
), lg AS (
    -- Only rules that still exist (the plan is derived; a rule may have been deleted since).
    INSERT INTO {log} (clock_id, rule_id, level, scheduled_at, fired_at)
    SELECT f.clock_id, f.rule_id, f.level, f.at, %(now)s FROM fire f WHERE f.rule_id IN (SELECT id FROM rules)
    ON CONFLICT (clock_id, rule_id) DO NOTHING
    RETURNING clock_id, rule_id
), fired AS (
    SELECT f.clock_id, f.ticket_id, f.due_at, f.dept_id, r.id AS rule_id, r.pre, r.post, r.mask, r.act, f.level,
           (r.urg = 2 OR (r.urg = 1 AND f.customer_tier = 'vip')) AS urgent,
           t.assignee_id, t.number, t.head_id
    FROM lg JOIN fire f ON f.clock_id = lg.clock_id AND f.rule_id = lg.rule_id
    JOIN rules r ON r.id = lg.rule_id
    -- LATERAL … OFFSET 0 (not flattened into a join): a primary-key lookup per fired
    -- level whatever the planner estimates — it cannot see the CTEs' sizes and may
    -- otherwise hash the whole ticket table for a hundred rows.
    CROSS JOIN LATERAL (SELECT tk.assignee_id, tk.number, dp.head_id
                        FROM {ticket} tk LEFT JOIN {dept} dp ON dp.id = f.dept_id
                        WHERE tk.id = f.ticket_id OFFSET 0) t
), act AS (
    -- Decided here, applied after commit: the row is the durable record of the action.
    INSERT INTO {action} (clock_id, rule_id, ticket_id, action, level, state, attempts, next_attempt_at,
                          created_at, last_error)
    SELECT clock_id, rule_id, ticket_id, act, level, 'pending', 0, %(now)s, %(now)s, '' FROM fired WHERE act <> ''
    ON CONFLICT (clock_id, rule_id) DO NOTHING
    RETURNING id
), rcpt AS (
    -- No DISTINCT: a recipient named twice is inserted once (ON CONFLICT below).
    SELECT x.clock_id, x.ticket_id, x.due_at, x.rule_id, x.pre, x.post, x.urgent, x.number, u.user_id
    FROM fired x CROSS JOIN LATERAL (
        SELECT x.assignee_id WHERE x.mask & 1 <> 0 AND x.assignee_id IS NOT NULL
        UNION ALL SELECT unnest(%(leads)s::int[]) WHERE x.mask & 2 <> 0
        UNION ALL SELECT unnest(%(managers)s::int[]) WHERE x.mask & 4 <> 0
        UNION ALL SELECT x.head_id WHERE x.mask & 8 <> 0 AND x.head_id IS NOT NULL
        UNION ALL SELECT sp.user_id FROM {profile} sp JOIN {user} au ON au.id = sp.user_id AND au.is_active
            WHERE x.mask & 16 <> 0 AND sp.department_id = x.dept_id
    ) u(user_id)
), nt AS (
    SELECT rc.user_id, rc.ticket_id, 'sla:' || rc.clock_id || ':' || rc.rule_id AS key,
           left(rc.pre || rc.number || rc.post, 200) AS subject,
           CASE WHEN rc.due_at IS NULL THEN '' ELSE
               %(body_pre)s || to_char(rc.due_at AT TIME ZONE %(tz)s, 'YYYY-MM-DD HH24:MI') || %(body_post)s END
               AS body,
           '/tickets/' || rc.ticket_id || '/' AS url, rc.urgent,
           CASE WHEN rc.urgent THEN %(now)s ELSE coalesce(ua.at, %(center_at)s) END AS deliver_after
    FROM rcpt rc LEFT JOIN unnest(%(u_id)s::int[], %(u_at)s::timestamptz[]) AS ua(id, at) ON ua.id = rc.user_id
)
SELECT (SELECT count(*) FROM br), (SELECT count(*) FROM lg), (SELECT array_agg(id ORDER BY id) FROM act),
       (SELECT json_agg(json_build_array(user_id, ticket_id, key, subject, body, url, urgent, deliver_after))::text
        FROM nt)
"""


def _params(now: datetime, limit: int) -> dict:
    """Everything the statement needs from Python: the rules (translated subject
    around the ticket number, recipient mask, urgency, has an action), the role
    lists, and each department's next working instant."""
    rules = list(EscalationRule.objects.select_related("policy").only(
        "id", "level", "trigger", "percent", "offset_minutes", "notify", "urgency", "action", "policy__metric"))
    r_pre, r_post = [], []
    for rule in rules:
        pre, _sep, post = subject_for(rule, rule.policy.metric, MARK).partition(MARK)
        r_pre.append(pre)
        r_post.append(post)
    roles: dict[str, list[int]] = {Role.TEAM_LEAD: [], Role.SERVICE_MANAGER: []}
    u_id, u_dept = [], []
    for user_id, role, dept_id, active in StaffProfile.objects.values_list(
            "user_id", "role", "department_id", "user__is_active").order_by("user_id"):
        u_id.append(user_id)
        u_dept.append(dept_id)
        if active and role in roles:
            roles[role].append(user_id)
    # Non-urgent notices wait for the recipient's department's next working instant.
    resolver = calendar_resolver()
    at_by_dept = {dept_id: next_working_instant(dept_id, now, resolver) for dept_id in {None, *u_dept}}
    body_pre, _sep, body_post = (_("Due at %(due)s.") % {"due": MARK}).partition(MARK)
    return {
        "now": now, "limit": limit,
        "r_id": [r.pk for r in rules], "r_pre": r_pre, "r_post": r_post,
        "r_mask": [sum(BITS.get(k, 0) for k in set(r.notify or ())) for r in rules],
        "r_urg": [URGENCY.get(r.urgency, 0) for r in rules], "r_act": [r.action or "" for r in rules],
        "leads": roles[Role.TEAM_LEAD], "managers": roles[Role.SERVICE_MANAGER],
        "u_id": u_id, "u_at": [at_by_dept[d] for d in u_dept],
        "center_at": at_by_dept[None],
        "tz": timezone.get_current_timezone_name(), "body_pre": body_pre, "body_post": body_post,
    }


def sweep_run(*, now: datetime, limit: int) -> tuple[int, int, list[int], str | None]:
    """Returns (breaches recorded, levels fired, ids of the action rows recorded, the
    notification rows as JSON for `notifications_create_bulk(rows_json=…)`)."""
    with connection.cursor() as cur:
        # The CTEs hold up to `limit` rows each: keep them in memory, not temp files.
        # No JIT: the planner guesses 100 rows per jsonb_array_elements, so with good
        # statistics the estimated cost passes jit_above_cost and compiling this
        # many-CTE statement costs seconds — for a plan that runs in well under one.
        cur.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
        cur.execute(_sql(), _params(now, limit))
        breaches, fired, action_ids, notes_json = cur.fetchone()
    return breaches, fired, action_ids or [], notes_json

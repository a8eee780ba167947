"""The data side of `bench/api.py`: statistics as autovacuum keeps them, and the
million tickets added in bulk SQL (not through the services)."""

import sys
import time


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def analyze() -> None:
    """Statistics as autovacuum keeps them (it is off on this machine's PostgreSQL): after
    the seed, and after the create case has added a few thousand tickets to a thousand
    (without them the planner takes a search matching 1,500 new tickets for 1 row and
    nests loops over every join: 37 ms instead of 2)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def scale_up(target: int, ids) -> int:
    """Add tickets with SQL up to `target`: realistic shape (95 % closed, spread over
    two years, 80 agents, categories and customers of the demo), a created and a status
    event each, a met resolution clock for closed ones and running clocks for open ones."""
    from django.db import connection

    from tickets.models import Ticket

    have = Ticket.objects.count()
    add = max(0, target - have)
    if not add:
        return have
    started = time.monotonic()
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM tickets_department ORDER BY id")
        departments = [row[0] for row in cur.fetchall()]
        cur.execute("SELECT id FROM tickets_department WHERE kind = 'service_center' ORDER BY id LIMIT 1")
        center = cur.fetchone()[0]
        params = {"add": add, "agents": ids["agent_ids"], "customers": ids["customers"],
                  "categories": ids["categories"], "departments": departments, "center": center}
        cur.execute(
            """
            CREATE TEMP TABLE bench_new AS
            WITH a AS (SELECT %(agents)s::bigint[] AS agents, %(customers)s::bigint[] AS customers,
                              %(categories)s::bigint[] AS cats, %(departments)s::bigint[] AS depts)
            SELECT g AS i,
                   now() - (random() * interval '730 days') AS at,
                   a.agents[1 + floor(random() * cardinality(a.agents))::int] AS agent,
                   a.customers[1 + floor(random() * cardinality(a.customers))::int] AS customer,
                   a.cats[1 + floor(random() * cardinality(a.cats))::int] AS category,
                   a.depts[1 + g %% cardinality(a.depts)] AS dept,
                   CASE WHEN random() < 0.95 THEN 'closed'
                        WHEN random() < 0.4 THEN 'new'
                        WHEN random() < 0.7 THEN 'in_progress' ELSE 'waiting_customer' END AS status,
                   random() < 0.2 AS transferred
            FROM generate_series(1, %(add)s) AS g, a
            """,
            params,
        )
        cur.execute(
            """
            INSERT INTO tickets_ticket (number, kind, title, description, channel, category_id, priority, status,
                customer_id, customer_vip, assignee_id, responsible_department_id, created_by_id, created_at,
                updated_at, first_response_at, resolved_at, closed_at)
            SELECT 'B' || lpad(i::text, 9, '0'), (ARRAY['inquiry','request','complaint'])[1 + i %% 3],
                   '压测工单 ' || i || (ARRAY[' 配送延误',' 退款进度',' 质量问题',' 修改地址'])[1 + i %% 4],
                   '客户反映的问题描述 ' || i, (ARRAY['hotline','webchat','wechat','email'])[1 + i %% 4],
                   category, 2, status, customer, (SELECT c.tier = 'vip' FROM tickets_customer c WHERE c.id = customer),
                   CASE WHEN status = 'new' AND i %% 3 = 0 THEN NULL ELSE agent END,
                   CASE WHEN transferred THEN dept ELSE %(center)s END,
                   agent, at, at + interval '2 hours',
                   CASE WHEN status <> 'new' THEN at + interval '20 minutes' END,
                   CASE WHEN status = 'closed' THEN at + interval '1 day' END,
                   CASE WHEN status = 'closed' THEN at + interval '2 days' END
            FROM bench_new
            """,
            params,
        )
        cur.execute(
            """
            INSERT INTO tickets_ticketevent (ticket_id, kind, actor_id, at, field, old_value, new_value, reason, data)
            SELECT t.id, 'created', t.created_by_id, t.created_at, '', '', '', '', '{}'::jsonb
            FROM tickets_ticket t WHERE t.number LIKE 'B%%'
            UNION ALL
            SELECT t.id, 'status_changed', t.assignee_id, t.updated_at, 'status', 'new', t.status, '', '{}'::jsonb
            FROM tickets_ticket t WHERE t.number LIKE 'B%%' AND t.status <> 'new'
            """
        )
        cur.execute(
            """
            INSERT INTO sla_ticketclock (ticket_id, metric, policy_revision, matched_on, started_at, stopped_at,
                target_seconds, paused_seconds, elapsed_seconds, due_at, warn_at, state, customer_tier, pauses,
                pause_attribution, escalation_plan, derived_at, responsible_department_id)
            SELECT t.id, m.metric, 0, '{}'::jsonb, t.created_at,
                   CASE WHEN t.status = 'closed' THEN t.resolved_at END,
                   m.target, 0, 0, t.created_at + m.due, t.created_at + m.due * 0.75,
                   CASE WHEN t.status = 'closed' THEN 'met' ELSE 'running' END, 'standard', '[]'::jsonb, '{}'::jsonb,
                   '[]'::jsonb, t.updated_at, t.responsible_department_id
            FROM tickets_ticket t
            CROSS JOIN (VALUES ('resolution', 86400, interval '3 days'),
                               ('first_response', 7200, interval '2 hours')) AS m(metric, target, due)
            WHERE t.number LIKE 'B%%' AND (t.status <> 'closed' OR m.metric = 'resolution')
            """
        )
        cur.execute("DROP TABLE bench_new")
    with connection.cursor() as cur:
        # The steady state autovacuum reaches on its own after bulk inserts: statistics for
        # every table and a visibility map, without which the index-only scans the scopes
        # rely on (an agent's touched tickets: event_actor_ticket_idx) read the heap instead
        # (EXPLAIN: 437 ms → 77 ms for an agent's first page at 1,000,000 tickets).
        cur.execute("VACUUM ANALYZE")
    log(f"scale: +{add} tickets with events and clocks in {time.monotonic() - started:.0f} s")
    return Ticket.objects.count()

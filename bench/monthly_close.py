"""Benchmark of the monthly close and the department-head dashboard on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres slacenter_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/slacenter_bench .venv/bin/python bench/monthly_close.py

Sizes (environment): BENCH_TICKETS tickets in all (default 10,000,000), of which
BENCH_MONTH_TICKETS (default 1,000,000) were opened in the closed month (October 2026);
BENCH_ROUNDS timed runs each (default 3); BENCH_REUSE=1 keeps the data of a previous
run of the same size. On a shared machine run it smaller, e.g.
BENCH_TICKETS=1000000 BENCH_MONTH_TICKETS=100000 (generation ~4 min there; then
BENCH_REUSE=1 reruns the figures in about a minute).

Data (INSERT … SELECT generate_series, after migrating; the database is emptied first):
the seed's sample agreement 物流部 ↔ 客服中心 (six indicators, the demo's ¥1,000 penalty
clauses — the confirmed-finding ones included; no complaint findings are generated, so
that part of the close is one indexed empty read per party); half the tickets in the
logistics categories, 3 % complaints; every ticket
has a first-response clock (history included), month tickets also a resolution clock,
30 % of the logistics month tickets a department-reply clock; 3 %/8 %/4.3 % of those
clocks breached (with their breach rows and the person at the due instant); the
month's order counts.

Figures (same run, same rows):
- floor: the bare SQL the close cannot do without — one aggregate of the month's
  decided clocks per metric over the agreement's scope, the complaint count, and the
  read of the breached replies — median of BENCH_ROUNDS;
- close: `month_close` of the month (a first close: every result and violation row
  written), rolled back, median of BENCH_ROUNDS; then once for real, and a re-run
  (idempotent: nothing changes) timed too;
- dashboard: the logistics head's `/reports/dashboard/` with the clock at the month's
  last evening — cold (the month-to-date figures computed in the request) and warm
  (what users get: beat refreshes the figures every 5 minutes), median of BENCH_ROUNDS.
The LAST line is one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slacenter.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

TICKETS = int(os.environ.get("BENCH_TICKETS", 10_000_000))
MONTH_TICKETS = int(os.environ.get("BENCH_MONTH_TICKETS", 1_000_000))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
SH = ZoneInfo("Asia/Shanghai")
MONTH = date(2026, 10, 1)
MONTH_START = datetime(2026, 10, 1, tzinfo=SH)
MONTH_END = datetime(2026, 11, 1, tzinfo=SH)
CLOSE_AT = datetime(2026, 11, 1, 2, 0, tzinfo=SH)
DASHBOARD_AT = datetime(2026, 10, 31, 20, 0, tzinfo=SH)


class Rollback(Exception):
    pass


def median_of(fn, rounds=ROUNDS, rollback=False):
    times = []
    for _ in range(rounds):
        if rollback:
            try:
                with transaction.atomic():
                    t0 = time.perf_counter()
                    fn()
                    with connection.cursor() as cur:
                        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    times.append(time.perf_counter() - t0)
                    raise Rollback
            except Rollback:
                pass
        else:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def setup():
    from sla.models import CalendarVersion, ServiceCalendar
    from sla.services.agreements import (
        agreement_create_draft,
        agreement_sign,
        agreement_submit,
        indicator_add,
        penalty_add,
        service_item_add,
    )
    from slacenter.demo.agreements import COMMON_INDICATORS, PENALTIES
    from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
    from tickets.models import Role

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE reports_adjustment, reports_appeal, reports_violation, reports_criterionresult, "
                    "reports_indicatorresult, reports_agreementclose, reports_reportmonth, reports_ordercount, "
                    "sla_escalationlog, sla_breach, sla_ticketclock, tickets_transfer, tickets_ticketevent, "
                    "tickets_ticket, sla_agreement CASCADE")
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    manager = make_staff(Role.SERVICE_MANAGER, center, username="bench_manager")
    head = make_staff(Role.DEPT_HEAD, logistics, username="bench_logistics_head")
    staff = [make_staff(Role.DEPT_STAFF, logistics, username=f"bench_logistics_staff{i}") for i in range(5)]
    logistics.head, center.head = head, manager
    logistics.save()
    center.save()
    delivery = CategoryFactory(code="bench-delivery", name="配送延误", default_department=logistics)
    other = CategoryFactory(code="bench-other", name="其他")
    customer = CustomerFactory()
    calendar = ServiceCalendar.objects.filter(department=center).first()
    if calendar is None:
        calendar = ServiceCalendar.objects.create(name="center", department=center, timezone="Asia/Shanghai")
        CalendarVersion.objects.create(calendar=calendar, effective_from=date(2020, 1, 1), created_at=CLOSE_AT,
                                       weekly={str(d): [["08:00", "22:00"]] for d in range(7)})
    signed = datetime(2025, 12, 20, tzinfo=SH)
    version = agreement_create_draft(
        actor=manager, code="SLA-BENCH", title="物流部与客服中心内部服务水平协议", client_departments=[logistics],
        provider=center, effective_from=date(2026, 1, 1), effective_to=date(2026, 12, 31), calendar=calendar,
        channels=["hotline", "webchat", "wechat"], now=signed)
    service_item_add(version=version, actor=manager, title="配送延误", category=delivery, now=signed)
    for name, metric, comparator, target, unit, period, party, description in COMMON_INDICATORS:
        indicator_add(version=version, actor=manager, name=name, metric=metric, comparator=comparator,
                      target=Decimal(target), unit=unit, period=period, responsible_party=party,
                      description=description, now=signed)
    for party, violation, description in PENALTIES:
        penalty_add(version=version, actor=manager, party=party, violation=violation, description=description,
                    now=signed)
    agreement_submit(version=version, actor=manager, now=signed)
    agreement_sign(version=version, actor=manager, now=signed)
    agreement_sign(version=version, actor=head, now=signed)
    from reports.services import order_count_set

    for channel, orders in (("hotline", 2_000_000), ("webchat", 1_500_000), ("wechat", 1_000_000)):
        order_count_set(actor=manager, month=MONTH, channel=channel, orders=orders, now=signed)

    history = TICKETS - MONTH_TICKETS
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        # History over the five years before the month, then the month itself.
        cur.execute("""
            INSERT INTO tickets_ticket (number, kind, title, description, channel, category_id, priority, status,
                customer_id, responsible_department_id, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 10, '0'),
                CASE WHEN g %% 33 = 0 THEN 'complaint' ELSE 'inquiry' END, 'bench', '',
                (ARRAY['hotline','webchat','wechat','email'])[1 + g %% 4],
                CASE WHEN g %% 2 = 0 THEN %s ELSE %s END, 2, 'closed', %s, %s,
                CASE WHEN g <= %s THEN %s::timestamptz - (g * interval '1 second') * (157680000.0 / greatest(%s, 1))
                     ELSE %s::timestamptz + ((g - %s) * interval '1 second') * (2678400.0 / greatest(%s, 1)) END,
                %s
            FROM generate_series(1, %s) g""",
                    [delivery.pk, other.pk, customer.pk, center.pk, history, MONTH_START, history, MONTH_START,
                     history, MONTH_TICKETS, CLOSE_AT, TICKETS])
        cur.execute("SELECT min(id) FROM tickets_ticket")
        first = cur.fetchone()[0]
        month_first = first + history
        common = ("policy_revision, matched_on, target_seconds, paused_seconds, elapsed_seconds, customer_tier, "
                  "pauses, pause_attribution, escalation_plan, derived_at")
        values = "1, '{}', 7200, 0, 0, 'standard', '[]', '{}', '[]', %s"
        # First response: every ticket (history too), due 2 h after creation, 3 % breached.
        cur.execute(f"""
            INSERT INTO sla_ticketclock (ticket_id, metric, started_at, due_at, stopped_at, state, breached_at,
                responsible_department_id, {common})
            SELECT id, 'first_response', created_at, created_at + interval '2 hours',
                CASE WHEN id %% 33 = 1 THEN NULL ELSE created_at + interval '1 hour' END,
                CASE WHEN id %% 33 = 1 THEN 'breached' ELSE 'met' END,
                CASE WHEN id %% 33 = 1 THEN created_at + interval '2 hours' END, %s, {values}
            FROM tickets_ticket""", [center.pk, CLOSE_AT])
        # Resolution: month tickets, due two days later, 8 % breached.
        cur.execute(f"""
            INSERT INTO sla_ticketclock (ticket_id, metric, started_at, due_at, stopped_at, state, breached_at,
                responsible_department_id, {common})
            SELECT id, 'resolution', created_at, created_at + interval '2 days',
                CASE WHEN id %% 12 = 5 THEN NULL ELSE created_at + interval '1 day' END,
                CASE WHEN id %% 12 = 5 THEN 'breached' ELSE 'met' END,
                CASE WHEN id %% 12 = 5 THEN created_at + interval '2 days' END, %s, {values}
            FROM tickets_ticket WHERE id >= %s""", [center.pk, CLOSE_AT, month_first])
        # Department reply: 30 % of the month's logistics tickets, due 4 h later, 4 % breached.
        cur.execute(f"""
            INSERT INTO sla_ticketclock (ticket_id, metric, started_at, due_at, stopped_at, state, breached_at,
                responsible_department_id, responsible_user_id, {common})
            SELECT id, 'department_reply', created_at, created_at + interval '4 hours',
                CASE WHEN id %% 23 = 3 THEN NULL ELSE created_at + interval '2 hours' END,
                CASE WHEN id %% 23 = 3 THEN 'breached' ELSE 'met' END,
                CASE WHEN id %% 23 = 3 THEN created_at + interval '4 hours' END, %s,
                (ARRAY[{",".join(str(s.pk) for s in staff)}])[1 + id %% {len(staff)}], {values}
            FROM tickets_ticket WHERE id >= %s AND category_id = %s AND id %% 10 < 3""",
                    [logistics.pk, CLOSE_AT, month_first, delivery.pk])
        cur.execute("""
            INSERT INTO sla_breach (clock_id, ticket_id, metric, breached_at, department_id, person_id, recorded_at)
            SELECT id, ticket_id, metric, breached_at, responsible_department_id, responsible_user_id, breached_at
            FROM sla_ticketclock WHERE state = 'breached'""")
        cur.execute("SELECT count(*) FROM sla_ticketclock")
        clocks = cur.fetchone()[0]
        cur.execute("VACUUM ANALYZE")
    print(f"generated {TICKETS:,} tickets ({MONTH_TICKETS:,} in {MONTH:%Y-%m}), {clocks:,} clocks "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)
    return {"version": version, "head": head, "logistics": logistics, "delivery": delivery, "clocks": clocks}


def reuse():
    """BENCH_REUSE=1: keep the generated data of a previous run of the same size; only
    the close's own rows are emptied."""
    from django.contrib.auth import get_user_model

    from tickets.models import Category, Department

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM tickets_ticket")
        if cur.fetchone()[0] != TICKETS:
            return None
        cur.execute("TRUNCATE reports_adjustment, reports_appeal, reports_violation, reports_criterionresult, "
                    "reports_indicatorresult, reports_agreementclose, reports_reportmonth CASCADE")
        cur.execute("SELECT count(*) FROM sla_ticketclock")
        clocks = cur.fetchone()[0]
    return {"head": get_user_model().objects.get(username="bench_logistics_head"),
            "logistics": Department.objects.get(code="logistics"),
            "delivery": Category.objects.get(code="bench-delivery"), "clocks": clocks}


def floor(ctx):
    """The bare SQL: decided clocks per metric over the agreement's scope, the month's
    complaints, the breached replies to charge."""
    with connection.cursor() as cur:
        cur.execute("""
            SELECT c.metric, count(*), count(*) FILTER (WHERE c.state = 'met')
            FROM sla_ticketclock c JOIN tickets_ticket t ON t.id = c.ticket_id
            WHERE c.due_at >= %s AND c.due_at < %s AND c.state IN ('met', 'breached')
              AND ((c.metric = 'department_reply' AND c.responsible_department_id = %s)
                   OR (c.metric IN ('first_response', 'resolution') AND t.category_id = %s))
            GROUP BY c.metric""", [MONTH_START, MONTH_END, ctx["logistics"].pk, ctx["delivery"].pk])
        cur.fetchall()
        cur.execute("""SELECT count(*) FROM tickets_ticket WHERE kind = 'complaint' AND created_at >= %s
                       AND created_at < %s AND channel IN ('hotline', 'webchat', 'wechat') AND category_id = %s""",
                    [MONTH_START, MONTH_END, ctx["delivery"].pk])
        cur.fetchall()
        cur.execute("""SELECT id, department_id, person_id, ticket_id, clock_id, breached_at FROM sla_breach
                       WHERE metric = 'department_reply' AND department_id = %s AND breached_at >= %s
                       AND breached_at < %s""", [ctx["logistics"].pk, MONTH_START, MONTH_END])
        cur.fetchall()


def main():
    from django.core.cache import cache
    from django.test import Client

    from reports.models import Violation
    from reports.services import month_close

    ctx = (os.environ.get("BENCH_REUSE") == "1" and reuse()) or setup()
    floor(ctx)  # warm-up
    floor_s = median_of(lambda: floor(ctx))
    print(f"floor {floor_s:.3f} s", flush=True)
    close_s = median_of(lambda: month_close(month=MONTH, system=True, now=CLOSE_AT), rollback=True)
    print(f"close (first, rolled back) {close_s:.3f} s", flush=True)
    t0 = time.perf_counter()
    month_close(month=MONTH, system=True, now=CLOSE_AT)
    committed_s = time.perf_counter() - t0
    rerun_s = median_of(lambda: month_close(month=MONTH, system=True, now=CLOSE_AT))
    violations = Violation.objects.count()
    print(f"close committed {committed_s:.3f} s, re-run {rerun_s:.3f} s, {violations} violations", flush=True)

    client = Client()
    client.force_login(ctx["head"])

    def dashboard():
        response = client.get("/reports/dashboard/")
        assert response.status_code == 200, response.status_code

    with mock.patch("django.utils.timezone.now", return_value=DASHBOARD_AT):
        cold = []
        for _ in range(ROUNDS):
            cache.clear()
            t0 = time.perf_counter()
            dashboard()
            cold.append(time.perf_counter() - t0)
        from reports.dashboard import dashboards_refresh

        t0 = time.perf_counter()
        dashboards_refresh(now=DASHBOARD_AT)
        refresh_s = time.perf_counter() - t0
        warm_s = median_of(dashboard)
    result = {
        "bench": "monthly_close", "tickets": TICKETS, "month_tickets": MONTH_TICKETS, "clocks": ctx["clocks"],
        "violations": violations, "floor_s": round(floor_s, 3), "close_s": round(close_s, 3),
        "close_committed_s": round(committed_s, 3), "rerun_s": round(rerun_s, 3),
        "close_over_floor": round(close_s / floor_s, 2) if floor_s else None,
        "dashboard_cold_ms": round(statistics.median(cold) * 1000, 1), "dashboard_refresh_s": round(refresh_s, 3),
        "dashboard_warm_ms": round(warm_s * 1000, 1),
        "targets": {"close_s": 10, "close_over_floor": 3, "dashboard_ms": 300},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Benchmark of `clocks_recompute` for one ticket with 200 events.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/slacenter_bench .venv/bin/python bench/recompute.py

The ticket is built through the ticket services (so the log is real): rounds of a
reply, an internal note, a wait on the customer and the customer's answer; every
fifth round a transfer to a department and its answer, every seventh a priority
change; then a resolve and a reopen — 200 events, 9 clocks (first response,
resolution, 7 department replies). Figures, each the median of N runs:
- derive: replaying the already-read log into clock specs (pure Python, no DB);
- recompute: the whole service — three reads (configuration check with the fired
  levels and transfer heads; the log with the ticket's status and tier; the clocks
  with their breaches), derive, compare with the stored rows and write only what
  changed (nothing on a repeat at the same `now`) — inside a transaction.
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
from django.db import transaction  # noqa: E402

N = int(os.environ.get("BENCH_N", 50))
EVENTS = 200


def build(now: datetime):
    from sla.models import CalendarVersion, ServiceCalendar, SlaPolicy
    from sla.services.policies import escalation_rule_set, policy_create
    from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
    from tickets.models import Role
    from tickets.services import (
        comment_add,
        ticket_create,
        ticket_transition,
        ticket_update,
        transfer_answer,
        transfer_create,
    )

    center = ServiceCenterFactory()
    dept = DepartmentFactory(code="bench-recompute", name="物流部")
    for d in (center, dept):
        if not ServiceCalendar.objects.filter(department=d, is_active=True).exists():
            cal = ServiceCalendar.objects.create(name=f"bench {d.code}", department=d, timezone="Asia/Shanghai")
            CalendarVersion.objects.create(calendar=cal, effective_from=date(2020, 1, 1), created_at=now,
                                           weekly={str(x): [["09:00", "12:00"], ["13:30", "18:00"]]
                                                   for x in range(5)})
    if not SlaPolicy.objects.filter(is_active=True).exists():
        for metric in ("first_response", "resolution", "callback", "department_reply"):
            p = policy_create(actor=None, system=True,
                              name=metric, metric=metric, target_minutes=240, now=now, recompute=False)
            escalation_rule_set(actor=None, system=True,
                                policy=p, level=1, percent=75, notify=["assignee"], now=now, recompute=False)
            escalation_rule_set(actor=None, system=True,
                                policy=p, level=2, percent=100, notify=["team_leads"], now=now, recompute=False)
    agent = make_staff(Role.AGENT, center, username="bench_recompute_agent")
    staff = make_staff(Role.DEPT_STAFF, dept, username="bench_recompute_staff")
    t = now - timedelta(days=20)
    ticket = ticket_create(actor=agent, customer=CustomerFactory(), title="bench", channel="hotline",
                           category=CategoryFactory(code="bench-recompute"), assignee=agent, now=t)
    step = timedelta(minutes=37)
    cycle = 0
    while ticket.events.count() < EVENTS - 6:
        cycle += 1
        t += step
        comment_add(ticket=ticket, actor=agent, body="reply", visibility="public", now=t)
        t += step
        comment_add(ticket=ticket, actor=agent, body="note", now=t)
        t += step
        ticket_transition(ticket=ticket, actor=agent, action="wait_customer", now=t)
        t += step
        ticket_transition(ticket=ticket, actor=agent, action="customer_responded", now=t)
        if cycle % 5 == 0:  # a transfer (and its answer) every fifth round
            t += step
            transfer = transfer_create(ticket=ticket, actor=agent, department=dept, question="?", now=t)
            t += step
            transfer_answer(transfer=transfer, actor=staff, answer="ok", now=t)
        if cycle % 7 == 0:
            t += step
            ticket_update(ticket=ticket, actor=agent, priority=3 if ticket.priority == 2 else 2, now=t)
            ticket.refresh_from_db()
    t += step
    ticket_transition(ticket=ticket, actor=agent, action="resolve", now=t)
    t += step
    ticket_transition(ticket=ticket, actor=agent, action="reopen", reason="again", now=t)
    while ticket.events.count() < EVENTS:
        t += step
        comment_add(ticket=ticket, actor=agent, body="note", now=t)
    return ticket, t


def main() -> None:
    from sla.services import derivation as d
    from sla.services.clocks import CalendarResolver, clocks_recompute, load_events, policy_views

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC).replace(microsecond=0)
    with transaction.atomic():
        ticket, last = build(now)
        events = load_events(ticket.pk)
        clocks = clocks_recompute(ticket=ticket, now=now)
        print(f"ticket {ticket.number}: {len(events)} events, {len(clocks)} clocks")
        resolver, policies = CalendarResolver(), policy_views()
        heads = {}
        d.derive(facts=d.facts_from_events(events), policies=policies, calendar_for=resolver, fired={}, now=now,
                 heads=heads)  # warm the calendar caches
        derive_times, full_times = [], []
        for _ in range(N):
            t0 = time.perf_counter()
            facts = d.facts_from_events(events)
            d.derive(facts=facts, policies=policies, calendar_for=resolver, fired={}, now=now, heads=heads)
            derive_times.append(time.perf_counter() - t0)
        for _ in range(N):
            t0 = time.perf_counter()
            clocks_recompute(ticket=ticket, now=now)
            full_times.append(time.perf_counter() - t0)
        transaction.set_rollback(True)
    derive_ms = statistics.median(derive_times) * 1000
    full_ms = statistics.median(full_times) * 1000
    print(f"derive (log already read, pure Python): median {derive_ms:.2f} ms of {N}")
    print(f"recompute (reads + derive + upsert, DB {django.db.connection.vendor}): median {full_ms:.2f} ms of {N}")
    print(json.dumps({"events": len(events), "derive_ms": round(derive_ms, 2), "recompute_ms": round(full_ms, 2),
                      "n": N}))


if __name__ == "__main__":
    main()

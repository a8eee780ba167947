"""Benchmark of the contact-record intake and figures on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres qa_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qa_bench .venv/bin/python bench/contacts.py

Data: BENCH_ROWS (default 1,000,000) contact records over two months (October and
November 2026), 80 agents, four queues, 8:00-22:00 with the demo's intraday shape;
70 % calls, 30 % online sessions (without messages: their figures are imported
columns), about 8 % abandoned. Rows are what the bulk API or a file import hands the
service: dicts of strings (ISO times in local time, usernames).

Figures (same run, same rows):
- copy: a bare `COPY … FROM STDIN` of the same rows, already formatted, into a fresh
  clone of the contact table (same columns, indexes and unique key);
- import: `contacts_import(rows=…)` — validation of every row, reference look-ups,
  the COPY into a temporary table and the `INSERT … ON CONFLICT DO NOTHING`, committed;
- resend: the same batch again (must create nothing);
- figures: a month's (November) per-agent (month and day) and per-queue 30-minute
  interval figures through `tickets.selectors_contacts`, after ANALYZE.
The LAST line is one JSON object.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slacenter.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tickets.models import ContactMessage, ContactRecord, Department, Role, StaffProfile  # noqa: E402
from tickets.selectors_contacts import agent_daily_figures, agent_month_figures, interval_figures  # noqa: E402
from tickets.services.contacts import contacts_import  # noqa: E402
from tickets.services.contacts_copy import DB_COLUMNS, copy_in, copy_value  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", 1_000_000))
AGENTS = 80
HOURS = {8: 3, 9: 7, 10: 10, 11: 11, 12: 7, 13: 6, 14: 9, 15: 10, 16: 8, 17: 6, 18: 5, 19: 7, 20: 9, 21: 6}
QUEUES = ["售前咨询", "售后服务", "投诉专线", "VIP专线"]


def setup() -> list[str]:
    if connection.vendor != "postgresql":
        sys.exit("bench/contacts.py needs PostgreSQL (set DATABASE_URL)")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {ContactMessage._meta.db_table}, {ContactRecord._meta.db_table} CASCADE")
        cursor.execute("DROP TABLE IF EXISTS bench_contact_copy")
    center, _created = Department.objects.get_or_create(
        code="bench-center", defaults={"name": "客服中心", "kind": Department.Kind.SERVICE_CENTER})
    users = get_user_model().objects
    names = [f"bench_agent{i:02d}" for i in range(AGENTS)]
    existing = set(users.filter(username__in=names).values_list("username", flat=True))
    for name in names:
        if name not in existing:
            user = users.create(username=name)
            StaffProfile.objects.create(user=user, department=center, role=Role.AGENT)
    return names


def generate(names: list[str]) -> list[dict]:
    rng = random.Random(20261122)
    zone = ZoneInfo(settings.TIME_ZONE)
    start = date(2026, 10, 1)
    days = 61
    hours, weights = list(HOURS), list(HOURS.values())
    rows = []
    for n in range(ROWS):
        day = start + timedelta(days=n * days // ROWS)
        hour = rng.choices(hours, weights)[0]
        offered = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
        call = rng.random() < 0.7
        wait = int(rng.expovariate(1 / 25))
        row = {"source": "pbx" if call else "chat", "external_id": f"{n:08d}",
               "channel": "hotline" if call else rng.choice(("webchat", "wechat")), "queue": rng.choice(QUEUES),
               "offered_at": offered.isoformat(sep=" "), "wait_seconds": str(wait)}
        if rng.random() > 0.08:
            answered = offered + timedelta(seconds=wait)
            talk = int(rng.lognormvariate(5.3, 0.6))
            row.update(agent=rng.choice(names), answered_at=answered.isoformat(sep=" "),
                       ended_at=(answered + timedelta(seconds=talk)).isoformat(sep=" "), talk_seconds=str(talk),
                       wrap_seconds=str(rng.randint(5, 60)))
            if rng.random() < 0.4:
                row["satisfaction"] = str(rng.choice((5, 5, 5, 4, 4, 3, 2, 1)))
        rows.append(row)
    del zone
    return rows


def copy_buffer(rows: list[dict], agent_ids: dict[str, int]) -> io.StringIO:
    """The same rows as COPY text (what a bare COPY would load), built untimed."""
    zone = ZoneInfo(settings.TIME_ZONE)
    stamp = datetime.now(tz=zone).isoformat()
    out = []

    def when(r, key):
        value = r.get(key)
        return datetime.fromisoformat(value).replace(tzinfo=zone) if value else None

    for r in rows:
        values = (r["source"], r["external_id"], "call" if r["channel"] == "hotline" else "chat", r["channel"],
                  r["queue"], agent_ids.get(r.get("agent")), None, None, "", when(r, "offered_at"),
                  when(r, "answered_at"), when(r, "ended_at"), int(r["wait_seconds"]), int(r.get("talk_seconds", 0)),
                  int(r.get("wrap_seconds", 0)), None, 0, 0, int(r["satisfaction"]) if r.get("satisfaction") else None,
                  "", r["offered_at"][:10], int(r["offered_at"][11:13]) * 60 + int(r["offered_at"][14:16]))
        out.append("\t".join(map(copy_value, values)) + "\t" + stamp + "\n")
    return io.StringIO("".join(out))


def bare_copy(buffer: io.StringIO) -> float:
    table = ContactRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_contact_copy (LIKE {table} INCLUDING ALL)")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        copy_in(cursor, f"COPY bench_contact_copy ({', '.join(DB_COLUMNS)}) FROM STDIN", buffer.getvalue())
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_contact_copy")
    return elapsed


def timed_import(rows) -> tuple[float, object]:
    started = time.perf_counter()
    result = contacts_import(rows=rows, actor=None, system=True)
    return time.perf_counter() - started, result


def figures() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ContactRecord._meta.db_table}")
    month = date(2026, 11, 1)
    contacts = ContactRecord.objects.all()
    out = {}
    started = time.perf_counter()
    per_agent = agent_month_figures(contacts, month)
    out["agent_month_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    daily = agent_daily_figures(contacts, month, date(2026, 11, 30))
    out["agent_day_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    intervals = interval_figures(contacts, month, date(2026, 11, 30), minutes=30)
    out["intervals_s"] = round(time.perf_counter() - started, 3)
    out["figures_s"] = round(out["agent_month_s"] + out["agent_day_s"] + out["intervals_s"], 3)
    out["agents"], out["agent_days"], out["intervals"] = len(per_agent), len(daily), len(intervals)
    return out


def main() -> None:
    names = setup()
    print(f"generating {ROWS:,} rows …", flush=True)
    rows = generate(names)
    agent_ids = dict(get_user_model().objects.filter(username__in=names).values_list("username", "id"))
    buffer = copy_buffer(rows, agent_ids)
    copy_s = bare_copy(buffer)
    del buffer
    print(f"bare COPY: {copy_s:.2f} s ({ROWS / copy_s:,.0f} rows/s)", flush=True)
    import_s, result = timed_import(rows)
    print(f"import: {import_s:.2f} s ({ROWS / import_s:,.0f} records/s), created {result.created:,}", flush=True)
    resend_s, again = timed_import(rows)
    print(f"resend: {resend_s:.2f} s, created {again.created:,}, unchanged {again.unchanged:,}", flush=True)
    stats = figures()
    print(f"figures of 2026-11: {stats}", flush=True)
    report = {
        "rows": ROWS,
        "copy_s": round(copy_s, 2),
        "import_s": round(import_s, 2),
        "import_records_per_s": round(ROWS / import_s),
        "import_vs_copy": round(import_s / copy_s, 2),
        "created": result.created,
        "resend_s": round(resend_s, 2),
        "resend_created": again.created,
        "resend_records_per_s": round(ROWS / resend_s),
        **stats,
        "ok": bool(ROWS / import_s >= 20_000 and import_s <= 5 * copy_s and again.created == 0
                   and stats["figures_s"] <= 3.0),
    }
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "contacts.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))


if __name__ == "__main__":
    main()

"""Benchmark of the batch early-warning detection on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres ew_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ew_bench .venv/bin/python bench/early_warning.py

Data: BENCH_ROWS (default 1,000,000) complaint tickets over BENCH_WEEKS (default 8)
weeks before now, in BENCH_CATEGORIES (default 200) categories, written in bulk by
one INSERT … SELECT generate_series; plus a burst of 30 complaints in one category in
the last hour. Measured: `early_warning_detect` (the category rule; the tag rule is
switched off, it reads its own smaller table the same way) — a first run that raises
the burst's alert and a second run that must raise nothing. The LAST line is JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slacenter.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from complaints.models import EarlyWarningAlert, EarlyWarningRule, Incident  # noqa: E402
from complaints.services.early_warning import early_warning_detect  # noqa: E402
from tickets.models import Category, Customer, Department, Ticket  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
WEEKS = int(os.environ.get("BENCH_WEEKS", "8"))
CATEGORIES = int(os.environ.get("BENCH_CATEGORIES", "200"))


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("needs PostgreSQL (DATABASE_URL)")
    call_command("migrate", verbosity=0)
    now = timezone.now()
    EarlyWarningAlert.objects.all().delete()
    Incident.objects.all().delete()
    EarlyWarningRule.objects.update(is_active=False)
    EarlyWarningRule.objects.get_or_create(name="bench: by category", dimension="category",
                                           defaults={"is_active": True})
    EarlyWarningRule.objects.filter(name="bench: by category").update(is_active=True)
    if Ticket.objects.filter(kind="complaint", title="bench").count() != ROWS + 30:
        Ticket.objects.filter(title="bench").delete()
        dept, _ = Department.objects.get_or_create(code="bench", defaults={"name": "基准", "name_en": "Bench"})
        cats = [Category.objects.get_or_create(code=f"bench{i}", defaults={"name": f"类别{i}"})[0].pk
                for i in range(CATEGORIES)]
        customer, _ = Customer.objects.get_or_create(name="基准客户", phone="13000000000")
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(f"""
                INSERT INTO {Ticket._meta.db_table}
                    (number, kind, title, description, channel, category_id, priority, status, customer_id,
                     responsible_department_id, created_at, updated_at)
                SELECT 'B' || g, 'complaint', 'bench', '', 'hotline', (%s::bigint[])[1 + g %% %s], 3, 'closed', %s, %s,
                       %s - (random() * %s) * interval '1 second', %s
                FROM generate_series(1, %s) g""",
                        [cats, CATEGORIES, customer.pk, dept.pk, now, WEEKS * 7 * 86400, now, ROWS])
            cur.execute(f"""
                INSERT INTO {Ticket._meta.db_table}
                    (number, kind, title, description, channel, category_id, priority, status, customer_id,
                     responsible_department_id, created_at, updated_at)
                SELECT 'BB' || g, 'complaint', 'bench', '', 'hotline', %s, 3, 'new', %s, %s,
                       %s - g * interval '1 minute', %s FROM generate_series(1, 30) g""",
                        [cats[7], customer.pk, dept.pk, now, now])
            cur.execute(f"ANALYZE {Ticket._meta.db_table}")
        print(f"generated {ROWS:,} complaints in {time.perf_counter() - started:.1f} s", flush=True)
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        raised = early_warning_detect(now=now)
        runs.append({"seconds": round(time.perf_counter() - started, 3), "alerts": len(raised)})
        print(f"detection: {runs[-1]}", flush=True)
    print(json.dumps({"rows": ROWS, "weeks": WEEKS, "categories": CATEGORIES, "runs": runs,
                      "ok": all(r["seconds"] <= 1.0 for r in runs) and runs[1]["alerts"] == 0}))


if __name__ == "__main__":
    main()

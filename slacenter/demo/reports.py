"""Demo monthly close: imported order counts for the demo months, then the close of
the months before this one that the demo tickets cover (the previous month at least),
exactly as beat does on the 1st. Idempotent: an order count is set to the same value,
and a month already closed is left as it is."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reports.models import ReportMonth
from reports.services import month_close, order_count_set
from reports.sources import month_start, previous_month

from . import DemoContext

# Monthly orders per channel (the denominator of the channel complaint rate).
ORDERS = {"hotline": 180000, "webchat": 120000, "wechat": 90000}


def run(ctx: DemoContext) -> None:
    now = ctx.now
    manager = (ctx.data.get("users") or {}).get("manager1") or get_user_model().objects.get(username="manager1")
    today = timezone.localdate(now)
    days = (ctx.data.get("options") or {}).get("days", 60)
    first_day = today - timedelta(days=days)
    months, month = [], previous_month(today)
    while month >= month_start(first_day):
        months.append(month)
        month = previous_month(month)
    for month in [month_start(today), *months]:
        for channel, orders in ORDERS.items():
            order_count_set(actor=manager, month=month, channel=channel, orders=orders, source="demo", now=now)
    for month in sorted(months):
        if ReportMonth.objects.filter(month=month, closed_at__isnull=False).exists():
            continue
        report_month = month_close(month=month, system=True, now=now)
        closes = report_month.closes.all()
        missed = sum(c.indicators_missed for c in closes)
        total = sum(c.penalty_total for c in closes)
        print(f"  closed {report_month}: {closes.count()} agreement(s), {missed} indicator(s) missed, ¥{total}")

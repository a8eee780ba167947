"""Figures from the ticket core: channel complaints against imported order counts,
and the volumes of the KPI report."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from tickets.models import Ticket

from . import Figure, PeriodContext, month_start, next_month, ratio

DEFAULT_CHANNELS = ["hotline", "webchat", "wechat"]


def complaint_rows(ctx: PeriodContext) -> QuerySet[Ticket]:
    return Ticket.objects.filter(kind="complaint", channel__in=ctx.channels or DEFAULT_CHANNELS,
                                 category_id__in=ctx.category_ids, created_at__gte=ctx.since,
                                 created_at__lt=ctx.until)


def orders_in(start, end, channels) -> int | None:
    """Imported orders for the months from `start` to `end` (local dates) on those
    channels; None when no month of the period was imported."""
    from reports.models import OrderCount

    months = []
    day = month_start(start)
    while day <= end:
        months.append(day)
        day = next_month(day)
    rows = OrderCount.objects.filter(month__in=months, channel__in=channels)
    if not rows.exists():
        return None
    return rows.aggregate(n=Sum("orders"))["n"] or 0


def channel_complaints_per_orders(ctx: PeriodContext) -> Figure:
    channels = ctx.channels or DEFAULT_CHANNELS
    definition = _("Complaints opened in the period on the agreement's channels (%(channels)s) about its "
                   "categories, divided by the imported orders of those channels (per cent).") % {
        "channels": ", ".join(channels)}
    complaints = complaint_rows(ctx).count()
    orders = orders_in(ctx.start, ctx.end, channels)
    if not orders:
        return Figure(actual=None, numerator=Decimal(complaints), denominator=None, definition=definition,
                      note=_("No order count was imported for this month; import it and re-run the close."))
    return Figure(actual=ratio(complaints, orders), numerator=Decimal(complaints), denominator=Decimal(orders),
                  definition=definition)


def volumes(since, until, *, department_ids=None) -> dict:
    qs = Ticket.objects.filter(created_at__gte=since, created_at__lt=until)
    if department_ids is not None:
        qs = qs.filter(category__default_department_id__in=department_ids)
    by_channel = list(qs.values("channel").annotate(n=Count("id")).order_by("-n"))
    by_category = list(qs.values("category__name").annotate(n=Count("id")).order_by("-n")[:10])
    return {"total": sum(r["n"] for r in by_channel), "by_channel": by_channel, "by_category": by_category}


def reply_satisfaction(since, until, *, department_ids=None) -> dict:
    """Department reply satisfaction of the answers given in [since, until): rated
    satisfied / rated, overall and per department ({"value", "numerator",
    "denominator"}), from `tickets.selectors.transfer_ratings_between`."""
    from tickets.selectors import transfer_ratings_between

    counts = transfer_ratings_between(since, until, department_ids=department_ids)
    satisfied = sum(c["satisfied"] for c in counts.values())
    rated = sum(c["rated"] for c in counts.values())
    return {
        "value": ratio(satisfied, rated), "numerator": satisfied, "denominator": rated,
        "by_department": {pk: {"value": ratio(c["satisfied"], c["rated"]), "numerator": c["satisfied"],
                               "denominator": c["rated"]} for pk, c in counts.items()},
    }

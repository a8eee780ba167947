"""Figures from the SLA clocks: compliance of first response, resolution and
department replies, and the breached department replies (violations).

A clock counts in the period its due instant falls in, once decided (met or
breached); cancelled, paused and still-running clocks are not measured. A breach is
the clock's due instant with the responsible person recorded then."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from sla.models import Breach, TicketClock

from . import Figure, PeriodContext, ratio

DECIDED = ("met", "breached")


def _ticket_q(ctx: PeriodContext, prefix: str = "ticket__") -> Q:
    return Q(**{f"{prefix}category_id__in": ctx.category_ids})


def clock_rows(ctx: PeriodContext, metric: str) -> QuerySet[TicketClock]:
    qs = TicketClock.objects.filter(metric=metric, due_at__gte=ctx.since, due_at__lt=ctx.until,
                                    state__in=DECIDED)
    if metric == "department_reply":
        return qs.filter(responsible_department_id__in=ctx.client_ids)
    return qs.filter(_ticket_q(ctx))


def clock_counts(ctx: PeriodContext) -> dict[str, dict]:
    """Decided and met clocks per metric in one aggregate query (cached on the context):
    department replies of the client departments, the other metrics of the agreement's
    tickets."""
    if "clock_counts" not in ctx.cache:
        rows = (TicketClock.objects.filter(due_at__gte=ctx.since, due_at__lt=ctx.until, state__in=DECIDED)
                .filter(Q(metric="department_reply", responsible_department_id__in=ctx.client_ids)
                        | Q(metric__in=("first_response", "resolution"), ticket__category_id__in=ctx.category_ids))
                .values("metric").annotate(decided=Count("id"), met=Count("id", filter=Q(state="met")))
                .order_by())
        ctx.cache["clock_counts"] = {r["metric"]: r for r in rows}
    return ctx.cache["clock_counts"]


def _compliance(ctx: PeriodContext, metric: str, definition: str) -> Figure:
    counts = clock_counts(ctx).get(metric, {"decided": 0, "met": 0})
    decided, met = counts["decided"], counts["met"]
    if not decided:
        return Figure(actual=None, numerator=Decimal(0), denominator=Decimal(0), definition=definition,
                      note=_("No clock of this kind was due in the period."))
    return Figure(actual=ratio(met, decided), numerator=Decimal(met), denominator=Decimal(decided),
                  definition=definition)


def first_response_compliance(ctx: PeriodContext) -> Figure:
    return _compliance(ctx, "first_response", _(
        "First-response clocks of the agreement's tickets due in the period and met in time, "
        "divided by all such clocks met or breached (per cent)."))


def resolution_compliance(ctx: PeriodContext) -> Figure:
    return _compliance(ctx, "resolution", _(
        "Resolution clocks of the agreement's tickets due in the period and met in time, "
        "divided by all such clocks met or breached (per cent; waiting time paused)."))


def department_reply_timeliness(ctx: PeriodContext) -> Figure:
    return _compliance(ctx, "department_reply", _(
        "Transfers to the client department whose reply clock fell due in the period and was "
        "answered in time, divided by all of them answered or breached (per cent, on the department's calendar)."))


def reply_breaches(ctx: PeriodContext) -> QuerySet[Breach]:
    """Breached department replies of the client departments in the period."""
    return (Breach.objects.filter(metric="department_reply", department_id__in=ctx.client_ids,
                                  breached_at__gte=ctx.since, breached_at__lt=ctx.until)
            .select_related("ticket", "person", "department").order_by("breached_at", "id"))


def breaches_by_department(since, until) -> list[dict]:
    return list(Breach.objects.filter(breached_at__gte=since, breached_at__lt=until)
                .values("department_id", "metric").annotate(n=Count("id")).order_by("department_id", "metric"))

"""Figures from the complaint loop, read through `complaints.selectors`.

Published so far (and used by the KPI report): the remedies executed in a period and
the loops a manager closed without a callback. FCR, CSAT and major incidents are not
published yet: each such indicator is reported as not measured, with the reason, and
no violation is derived from it."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from . import Figure, PeriodContext


def _unavailable(name: str) -> Figure:
    return Figure(actual=None, note=_("Not measured: the complaint loop does not publish %(figure)s yet.")
                  % {"figure": name})


def fcr(ctx: PeriodContext) -> Figure:
    return _unavailable("FCR")


def csat(ctx: PeriodContext) -> Figure:
    return _unavailable("CSAT")


def major_incidents(ctx: PeriodContext) -> Figure:
    return _unavailable(_("major incidents"))


def month_figures(since, until) -> dict:
    """Center-wide (unscoped selectors): remedies executed and their cost, loops closed
    without a callback."""
    from complaints.selectors import closed_without_callback, remedies_executed_between

    remedies = remedies_executed_between(since, until).aggregate(n=Count("id"), amount=Sum("amount"))
    return {"remedies": remedies["n"], "remedy_amount": remedies["amount"] or 0,
            "closed_without_callback": closed_without_callback(since, until).count()}

"""Figures from the complaint loop, read through `complaints.selectors`.

- FCR, CSAT and major incidents from `callback_figures_between(start, end)` (counts
  over the whole center: the callbacks answered in the period, solved at first
  contact, satisfied; the major complaints taken in). Until the complaint loop
  publishes that selector, each such indicator is reported as not measured, with the
  reason, and no violation is derived from it.
- For the KPI report: the remedies executed in a period and the loops a manager
  closed without a callback."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import FieldError
from django.db import DatabaseError, transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from . import Figure, PeriodContext, ratio

logger = logging.getLogger(__name__)


def _unavailable(name: str) -> Figure:
    return Figure(actual=None, note=_("Not measured: the complaint loop does not publish %(figure)s yet.")
                  % {"figure": name})


def _callback_figures(ctx: PeriodContext) -> dict | None:
    """The published counts, or None when the complaint loop does not publish them (or
    its selector fails: logged, and the figures are then not measured — one source
    never stops the whole monthly close)."""
    from complaints import selectors

    published = getattr(selectors, "callback_figures_between", None)
    if published is None:
        return None
    if "callback_figures" not in ctx.cache:
        try:
            with transaction.atomic():  # a failing query must not abort the close's transaction
                ctx.cache["callback_figures"] = published(ctx.since, ctx.until)
        except (FieldError, DatabaseError, KeyError, TypeError):
            logger.exception("complaints.selectors.callback_figures_between failed; figures not measured")
            ctx.cache["callback_figures"] = None
    return ctx.cache["callback_figures"]


def fcr(ctx: PeriodContext) -> Figure:
    figures = _callback_figures(ctx)
    if figures is None:
        return _unavailable("FCR")
    definition = _("Complaint callbacks answered in the period whose customer says the problem was solved at the "
                   "first contact, over those answered with that question (per cent; the whole center).")
    known, first = figures["first_contact_known"], figures["first_contact"]
    if not known:
        return Figure(actual=None, numerator=Decimal(0), denominator=Decimal(0), definition=definition,
                      note=_("No callback was answered in the period."))
    return Figure(actual=ratio(first, known), numerator=Decimal(first), denominator=Decimal(known),
                  definition=definition)


def csat(ctx: PeriodContext) -> Figure:
    figures = _callback_figures(ctx)
    if figures is None:
        return _unavailable("CSAT")
    definition = _("Complaint callbacks answered in the period rated satisfied (4–5 of 5), over all answered "
                   "callbacks (per cent; the whole center).")
    answered, satisfied = figures["answered"], figures["satisfied"]
    if not answered:
        return Figure(actual=None, numerator=Decimal(0), denominator=Decimal(0), definition=definition,
                      note=_("No callback was answered in the period."))
    return Figure(actual=ratio(satisfied, answered), numerator=Decimal(satisfied), denominator=Decimal(answered),
                  definition=definition)


def major_incidents(ctx: PeriodContext) -> Figure:
    figures = _callback_figures(ctx)
    if figures is None:
        return _unavailable(_("major incidents"))
    return Figure(actual=Decimal(figures["major_complaints"]), definition=_(
        "Complaints of major severity (media, service-caused) taken in during the period (the whole center)."))


def month_figures(since, until) -> dict:
    """Center-wide (unscoped selectors): remedies executed and their cost, loops closed
    without a callback."""
    from complaints.selectors import closed_without_callback, remedies_executed_between

    remedies = remedies_executed_between(since, until).aggregate(n=Count("id"), amount=Sum("amount"))
    ctx = PeriodContext(version=None, start=since.date(), end=until.date(), client_ids=[], provider_id=0,
                        category_ids=[], channels=[])
    ctx.until_cap = until
    fcr_figure, csat_figure, major = fcr(ctx), csat(ctx), major_incidents(ctx)
    return {"remedies": remedies["n"], "remedy_amount": remedies["amount"] or 0,
            "closed_without_callback": closed_without_callback(since, until).count(),
            "fcr": fcr_figure.actual, "csat": csat_figure.actual, "major": major.actual,
            "answered": csat_figure.denominator}


def confirmed_findings(ctx: PeriodContext, party: str) -> list:
    """Confirmed accountability findings (问责: confirmed by the department's head,
    upheld by the manager, or left unanswered past the deadline) recorded in the
    period against the agreement's side `party`, read through
    `complaints.selectors_accountability.confirmed_findings`. Party A: findings against
    a client department. Party B: findings against the provider about a complaint in
    the agreement's categories (the service center is the provider of every agreement;
    each of its findings is charged under the agreement its complaint belongs to)."""
    from complaints.selectors_accountability import confirmed_findings as published
    from tickets.models import Department

    if party == "A":
        departments = Department.objects.filter(pk__in=ctx.client_ids).order_by("code")
    else:
        departments = Department.objects.filter(pk=ctx.provider_id)
    found = []
    for department in departments:
        rows = published(department, ctx.since, ctx.until)
        if party == "B":
            rows = rows.filter(complaint__ticket__category_id__in=ctx.category_ids)
        found.extend(rows.select_related("responsible_department__head"))
    return found

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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def agreement_major_incidents(ctx: PeriodContext) -> list:
    """The agreement's major incidents confirmed in the period, read through
    `complaints.selectors_incidents.major_incidents`: those the provider (party B, the
    service center) answers for, about the agreement's categories — the seed's
    "重大事件: 季度事件数 ≤ 0 (媒体等投诉, 因服务类引起的投诉)", service-caused. The
    service center is the provider of every agreement, so the categories say which
    agreement an incident belongs to; an incident without a category belongs to none.
    Each as ("B", incident)."""
    from complaints.selectors_incidents import major_incidents as published
    from tickets.models import Department

    provider = Department.objects.filter(pk=ctx.provider_id).select_related("head").first()
    if provider is None:
        return []
    rows = published(provider, ctx.since, ctx.until).filter(category_id__in=ctx.category_ids)
    return [("B", incident) for incident in rows.select_related("responsible_department__head")]


def major_incidents(ctx: PeriodContext) -> Figure:
    if "major_incidents" not in ctx.cache:
        ctx.cache["major_incidents"] = agreement_major_incidents(ctx)
    found = ctx.cache["major_incidents"]
    return Figure(actual=Decimal(len(found)), definition=_(
        "Batch incidents marked major (media, regulator, many customers, safety), confirmed in the period, that the "
        "service center answers for, about the agreement's categories (service-caused)."),
        evidence=[{"label": incident.title, "url": reverse("complaints:incident", args=[incident.pk])}
                  for _party, incident in found[:50]])


def month_figures(since, until) -> dict:
    """Center-wide (unscoped selectors): remedies executed and their cost, loops closed
    without a callback."""
    from complaints.selectors import closed_without_callback, remedies_executed_between

    remedies = remedies_executed_between(since, until).aggregate(n=Count("id"), amount=Sum("amount"))
    ctx = PeriodContext(version=None, start=since.date(), end=until.date(), client_ids=[], provider_id=0,
                        category_ids=[], channels=[])
    ctx.until_cap = until
    fcr_figure, csat_figure = fcr(ctx), csat(ctx)
    # Major incidents are the incidents' figure (`major_incident_ids`), not the callbacks'.
    return {"remedies": remedies["n"], "remedy_amount": remedies["amount"] or 0,
            "closed_without_callback": closed_without_callback(since, until).count(),
            "fcr": fcr_figure.actual, "csat": csat_figure.actual, "answered": csat_figure.denominator}


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


# The KPI report's complaint figures per department and their definitions.
ROOT_CAUSE_DEFINITION = gettext_lazy(
    "Root causes of the complaint findings recorded in the month (事后分析), except those the service manager "
    "overturned; counted for the center and per responsible department, against the month before.")
MAJOR_INCIDENT_DEFINITION = gettext_lazy(
    "Batch incidents marked major (media, regulator, many customers, safety) and confirmed in the month, "
    "counted against the department that answers for them (complaints' incidents, not the callbacks).")
DEPARTMENT_LOOP_DEFINITION = gettext_lazy(
    "FCR and CSAT per department: the complaint callbacks answered in the month (as the center-wide figures), "
    "each counted for the usual department of its complaint's category.")


def root_cause_counts(user, since, until, *, department_ids=None) -> dict[tuple[int, int], int]:
    """{(responsible department id, root cause id): findings} of the findings the user
    may see, recorded in [since, until), overturned ones left out."""
    from complaints.models import FindingStatus
    from complaints.selectors_accountability import finding_scope

    qs = (finding_scope(user).filter(recorded_at__gte=since, recorded_at__lt=until)
          .exclude(status=FindingStatus.OVERTURNED))
    if department_ids is not None:
        qs = qs.filter(responsible_department_id__in=department_ids)
    rows = qs.values("responsible_department_id", "root_cause_id").annotate(n=Count("id")).order_by()
    return {(r["responsible_department_id"], r["root_cause_id"]): r["n"] for r in rows}


def top_root_causes(user, since, until, previous_since, *, departments, department_ids=None, limit=10) -> dict:
    """The month's top root causes with the previous month's count, for the center
    (every finding the user may see) and per department."""
    from complaints.models import RootCause

    current = root_cause_counts(user, since, until, department_ids=department_ids)
    previous = root_cause_counts(user, previous_since, since, department_ids=department_ids)
    causes = RootCause.objects.in_bulk({cause for _d, cause in [*current, *previous]})

    def ranked(keep) -> list[dict]:
        now, before = {}, {}
        for (dept, cause), n in current.items():
            if keep(dept):
                now[cause] = now.get(cause, 0) + n
        for (dept, cause), n in previous.items():
            if keep(dept):
                before[cause] = before.get(cause, 0) + n
        rows = [{"root_cause": causes[c], "n": now.get(c, 0), "previous": before.get(c, 0)}
                for c in set(now) | set(before)]
        rows.sort(key=lambda r: (-r["n"], -r["previous"], r["root_cause"].rank, r["root_cause"].code))
        return rows[:limit]

    return {"center": ranked(lambda dept: True),
            "by_department": {d.pk: ranked(lambda dept, pk=d.pk: dept == pk) for d in departments}}


def major_incident_ids(departments, since, until) -> dict[int, list[int]]:
    """{department id: ids of its major incidents confirmed in [since, until)} through
    `complaints.selectors_incidents.major_incidents`."""
    from complaints.selectors_incidents import major_incidents as published

    return {d.pk: list(published(d, since, until).values_list("pk", flat=True)) for d in departments}


def callbacks_by_department(since, until) -> dict[int, dict]:
    """{department id: {"fcr": {value, numerator, denominator}, "csat": {...}}} from
    `complaints.selectors.callback_figures_by_department`; empty when not published."""
    from complaints import selectors

    published = getattr(selectors, "callback_figures_by_department", None)
    if published is None:
        return {}
    found = {}
    for pk, c in published(since, until).items():
        found[pk] = {
            "fcr": {"value": ratio(c["first_contact"], c["first_contact_known"]),
                    "numerator": c["first_contact"], "denominator": c["first_contact_known"]},
            "csat": {"value": ratio(c["satisfied"], c["answered"]), "numerator": c["satisfied"],
                     "denominator": c["answered"]},
        }
    return found

"""The exportable tables: each is (headers, rows) built from a scoped selector, so an
export never shows more than the page. `TABLES[name](user, params)`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from .. import selectors


def _month_filter(qs, params, field):
    month = params.get("month")
    if month:
        from datetime import date

        try:
            qs = qs.filter(**{field: date.fromisoformat(f"{str(month)[:7]}-01")})
        except ValueError:
            raise DomainError(_("month must look like 2026-03."), field="month") from None
    return qs


def violations(user, params):
    qs = _month_filter(selectors.violation_scope(user), params, "close__month__month")
    headers = [_("Month"), _("Agreement"), _("Party"), _("Violation"), _("Department"), _("Responsible person"),
               _("Ticket"), _("Occurred at"), _("Amount (CNY)"), _("Appeal"), _("Final amount (CNY)"),
               _("Summary")]

    def rows():
        for v in qs.iterator(chunk_size=2000):
            appeal = getattr(v, "appeal", None)
            yield [f"{v.close.month.month:%Y-%m}", v.close.version.agreement.code, v.party, v.kind,
                   v.department.display_name if v.department else "",
                   v.person.get_full_name() or v.person.username if v.person else "",
                   v.ticket.number if v.ticket else "", v.occurred_at, v.amount,
                   appeal.get_status_display() if appeal else "", v.final_amount, v.summary]
    return headers, rows(), qs.count


def indicator_results(user, params):
    qs = _month_filter(selectors.indicator_result_scope(user), params, "close__month__month")
    headers = [_("Month"), _("Agreement"), _("Indicator"), _("Party"), _("Period start"), _("Period end"),
               _("Numerator"), _("Denominator"), _("Actual"), _("Target"), _("Standard target"), _("Met"),
               _("Definition"), _("Note")]

    def rows():
        for r in qs.iterator(chunk_size=2000):
            yield [f"{r.close.month.month:%Y-%m}", r.close.version.agreement.code, r.name, r.party,
                   r.period_start, r.period_end, r.numerator, r.denominator, r.actual, r.target,
                   r.standard_target, "" if r.met is None else r.met, r.definition, r.note]
    return headers, rows(), qs.count


def kpi(user, params):
    """The KPI report of `month` (default: last month) as rows: figure, this month, the
    month before, the same month last year, definition."""
    from datetime import date

    from django.utils import timezone

    from sla.selectors.clocks import dashboard_departments

    from ..kpi import kpi_figures
    from ..sources import previous_month

    try:
        month = (date.fromisoformat(f"{str(params['month'])[:7]}-01") if params.get("month")
                 else previous_month(timezone.localdate()))
    except ValueError:
        raise DomainError(_("month must look like 2026-03."), field="month") from None
    data = kpi_figures(user, month, dashboard_departments(user))
    figures, definitions = data["figures"], data["definitions"]
    headers = [_("Figure"), f"{month:%Y-%m}", f"{data['previous_month']:%Y-%m}", f"{month.year - 1}-{month:%m}",
               _("Definition")]

    def pick(column, key, sub=None):
        value = figures[column].get(key)
        if isinstance(value, dict):
            return value.get(sub or "value")
        return value

    lines = [
        (_("Tickets"), "tickets", None), (_("Complaints"), "complaints", None),
        (_("Repeat contact rate"), "repeat", None), (_("First-response compliance"), "first_response", None),
        (_("Resolution compliance"), "resolution", None), (_("Callback compliance"), "callback", None),
        (_("Department reply timeliness"), "department_reply", None),
        (_("Department reply satisfaction"), "reply_satisfaction", None), (_("SLA breaches"), "breaches", None),
        (_("Indicators missed"), "indicators_missed", None), (_("Penalties (CNY)"), "penalties", "total"),
        (_("Major incidents"), "major_incidents", None),
    ]

    def rows():
        for label, key, sub in lines:
            yield [label, *(pick(c, key, sub) for c in ("current", "previous", "last_year")), definitions.get(key, "")]
        for label, key in ((_("Service level"), "service_level"), (_("Answer rate"), "answer_rate"),
                           (_("Average handle time (s)"), "aht_seconds"), (_("Online sessions"), "sessions")):
            yield [label, *(figures[c]["contacts"].get(key) for c in ("current", "previous", "last_year")), ""]
        for r in data["root_causes"]:
            yield [f"{_('Root cause')}: {r['root_cause'].display_name}", r["n"], r["previous"], "",
                   definitions.get("root_causes", "")]
    return headers, rows(), lambda: len(lines) + 4 + len(data["root_causes"])


def complaint_conformance(user, params):
    """The complaints taken in during `month` (default: this month) in the user's
    scope, one row each: every ISO 10002 step's time and result (complaints'
    conformance selector; hotspot and conformance viewers only)."""
    from django.utils import timezone

    from complaints.permissions import can_see_hotspots
    from complaints.selectors_conformance import STEPS, month_complaints, parse_month, rows_with_steps

    if not can_see_hotspots(user):
        raise DomainError(_("Not found."), status=404, code="not_found")
    month = parse_month(params.get("month"), today=timezone.localdate())
    qs = month_complaints(user, month)
    headers = [_("Complaint"), _("Title"), _("Created at"), _("Stage")]
    for _code, label in STEPS:
        headers += [f"{label} · {_('Done at')}", f"{label} · {_('Result')}"]
    now = timezone.now()

    def rows():
        for complaint, steps in rows_with_steps(qs, now=now):
            row = [complaint.ticket.number, complaint.ticket.title, complaint.created_at,
                   complaint.get_stage_display()]
            for step in steps:
                row += [step.at, step.status_label]
            yield row
    return headers, rows(), qs.count


TABLES = {"violations": violations, "indicator_results": indicator_results, "kpi": kpi,
          "complaint_conformance": complaint_conformance}


def table(name: str, user, params):
    if name not in TABLES:
        raise DomainError(_("Unknown report “%(name)s”.") % {"name": name}, field="report", status=404,
                          code="not_found")
    return TABLES[name](user, params or {})

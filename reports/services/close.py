"""The monthly close: for every agreement version in force in the month, each
indicator's figure against its target (or that period's campaign override), the
achievement criteria, and the violations under the penalty clauses (a missed indicator,
each breached department reply, each major incident confirmed in the month read through
`complaints.selectors_incidents.major_incidents`, each confirmed accountability finding
of the month read through `complaints.selectors_accountability.confirmed_findings`).

Idempotent and exact: results are keyed (month × version, close × indicator, close ×
criterion, close × violation key), so closing twice — or concurrently: the month row is
locked first — leaves the same rows. A re-run of an open month replaces its draft
figures and violations but keeps every violation that has an appeal (a decided appeal
keeps its amount too). A locked month refuses to be closed again."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sla.services.agreements import period_start_of
from slacenter.errors import Conflict, DomainError

from ..models import AgreementClose, CriterionResult, IndicatorResult, ReportMonth, Violation
from ..permissions import can_run_close
from ..sources import compare, figure_for, month_start, next_month, quarter_start
from ..sources import sla as sla_source
from ..sources import tickets as ticket_source
from ..sources.complaints import agreement_major_incidents, confirmed_findings, major_incidents
from . import notify
from .scope import period_context, versions_in_force

CHANNEL_COMPLAINT_LIMIT = Decimal("0.04")  # per cent of orders (达成服务标准 2)


def month_bounds(month: date) -> tuple[date, date]:
    start = month_start(month)
    return start, next_month(start) - timedelta(days=1)


def report_month_lock(month: date, *, now) -> ReportMonth:
    """The month's row, created if needed and locked for the rest of the transaction."""
    ReportMonth.objects.get_or_create(month=month, defaults={"updated_at": now})
    return ReportMonth.objects.select_for_update().get(month=month)


def month_close(*, month: date, actor=None, system: bool = False, now=None) -> ReportMonth:
    """Close (or re-close) `month` — any date in it — for every agreement in force."""
    now = now or timezone.now()
    if not system and not can_run_close(actor):
        raise DomainError(_("Only a service manager or an administrator may close a month."), status=404,
                          code="not_found")
    start, end = month_bounds(month)
    if end >= timezone.localdate(now):
        raise DomainError(_("%(month)s has not ended yet; it can be closed from its last day on.")
                          % {"month": f"{start:%Y-%m}"}, code="month_not_ended")
    with transaction.atomic():
        report_month = report_month_lock(start, now=now)
        if report_month.is_locked:
            raise Conflict(_("%(month)s is locked; correct it with an adjustment in an open month.")
                           % {"month": f"{start:%Y-%m}"}, code="month_locked")
        kept = []
        for version in versions_in_force(start, end):
            close = _close_version(report_month, version, start, end, now=now)
            notify.close_found_violations(close, now=now)
            kept.append(close.pk)
        stale = report_month.closes.exclude(pk__in=kept)
        stale.exclude(violations__appeal__isnull=False).delete()
        report_month.closed_at = now
        report_month.close_runs += 1
        report_month.updated_at = now
        report_month.save(update_fields=["closed_at", "close_runs", "updated_at"])
    return report_month


def _party_department(version, party: str):
    if party == "B":
        return version.provider
    clients = sorted(version.client_departments.all(), key=lambda d: d.code)
    return clients[0] if clients else None


class _NoOwner:
    """Stands for an indicator without a named responsible person."""


def _indicator_person(indicator, department):
    """The indicator's named responsible person, else its party department's head."""
    owner = getattr(indicator, "reports_owner", None)
    if owner is not None:
        return owner.person
    if department is None:
        return None
    if department.head_id is None and department.is_service_center:
        return _center_manager(department)
    return department.head


def _center_manager(center):
    """A service center without a named head answers through its (first) service manager."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(profile__department=center, profile__role="service_manager",
                                            is_active=True).order_by("pk").first())


def _override(indicator, period_start: date):
    start = period_start_of(period_start, indicator.period)
    return next((o for o in indicator.overrides.all() if o.period_start == start), None)


def _close_version(report_month, version, start, end, *, now) -> AgreementClose:
    close, _created = AgreementClose.objects.update_or_create(
        month=report_month, version=version, defaults={"computed_at": now})
    month_ctx = period_context(version, start, end)
    quarter_end = start.month % 3 == 0
    results, figures = [], {}
    for indicator in version.indicators.all():
        if indicator.period == "quarter":
            ctx = period_context(version, quarter_start(start), end)
        else:
            ctx = month_ctx
        figure = figure_for(indicator.metric, ctx)
        figures[indicator.metric] = figure
        override = _override(indicator, ctx.start)
        target = override.target if override else indicator.target
        note = figure.note
        met = None
        if figure.available:
            if indicator.period == "quarter" and not quarter_end:
                note = _("Quarter to date; evaluated in the quarter's last month.")
            else:
                met = compare(indicator.comparator, figure.numerator, figure.denominator, figure.actual, target)
        department = _party_department(version, indicator.responsible_party)
        row, _c = IndicatorResult.objects.update_or_create(close=close, indicator=indicator, defaults={
            "name": indicator.name, "metric": indicator.metric, "party": indicator.responsible_party,
            "comparator": indicator.comparator, "unit": indicator.unit, "period_start": ctx.start,
            "period_end": ctx.end, "target": target, "standard_target": indicator.target,
            "override_reason": override.reason if override else "", "numerator": figure.numerator,
            "denominator": figure.denominator, "actual": figure.actual, "met": met,
            "definition": figure.definition, "note": note, "evidence": figure.evidence,
            "responsible_person": _indicator_person(indicator, department),
        })
        results.append(row)
    IndicatorResult.objects.filter(close=close).exclude(pk__in=[r.pk for r in results]).delete()
    missed = [r for r in results if r.met is False]
    _criteria(close, version, month_ctx, results, figures, quarter_end)
    _sync_violations(close, version, month_ctx, missed, now=now)
    criteria_failed = close.criteria.filter(met=False).exists()
    close.indicators_missed = len(missed)
    close.achieved = not criteria_failed
    close.penalty_total = sum((v.final_amount for v in close.violations.filter(current=True)), Decimal("0"))
    close.save(update_fields=["indicators_missed", "achieved", "penalty_total", "computed_at"])
    return close


def _criteria(close, version, month_ctx, results, figures, quarter_end):
    monthly_missed = sum(1 for r in results if r.met is False and r.period_start >= month_ctx.start)
    rows = {CriterionResult.Code.INDICATORS_MISSED: (Decimal(0), Decimal(monthly_missed), monthly_missed <= 0, "")}
    complaint_result = next((r for r in results if r.metric == "channel_complaints_per_orders"), None)
    figure = figures.get("channel_complaints_per_orders") or ticket_source.channel_complaints_per_orders(month_ctx)
    limit = complaint_result.target if complaint_result else CHANNEL_COMPLAINT_LIMIT
    met = (compare("<=", figure.numerator, figure.denominator, figure.actual, limit)
           if figure.available else None)
    rows[CriterionResult.Code.CHANNEL_COMPLAINTS] = (limit, figure.actual, met, figure.note)
    if quarter_end:
        ctx = period_context(version, quarter_start(month_ctx.start), month_ctx.end)
        incidents = figures.get("major_incidents") or major_incidents(ctx)
        met = (incidents.actual <= 0) if incidents.available else None
        rows[CriterionResult.Code.MAJOR_INCIDENTS] = (Decimal(0), incidents.actual, met, incidents.note)
    else:
        rows[CriterionResult.Code.MAJOR_INCIDENTS] = (
            Decimal(0), None, None, _("Evaluated in the quarter's last month."))
    for code, (limit, actual, met, note) in rows.items():
        CriterionResult.objects.update_or_create(close=close, code=code, defaults={
            "limit": limit, "actual": actual, "met": met, "note": note})


def _clauses(version) -> dict:
    found = {}
    for clause in version.penalties.all():
        found.setdefault((clause.party, clause.violation), clause)
    return found


def _desired_violations(close, version, month_ctx, missed) -> dict[str, dict]:
    clauses = _clauses(version)
    desired = {}
    for result in missed:
        clause = clauses.get((result.party, "missed_indicator"))
        if clause is None:
            continue
        department = _party_department(version, result.party)
        person = result.responsible_person if clause.payer == "responsible_person" else None
        desired[f"indicator:{result.indicator_id}"] = {
            "kind": "missed_indicator", "party": result.party, "department_id": department.pk if department else None,
            "person_id": person.pk if person else None, "clause_id": clause.pk, "amount": clause.amount,
            "summary": f"{result.name}: {result.actual} {result.comparator} {result.target.normalize():f}"[:300],
            "indicator_result_id": result.pk, "ticket_id": None, "clock_id": None, "occurred_at": None,
        }
    for party, incident in agreement_major_incidents(month_ctx):
        clause = clauses.get((party, "major_incident"))
        if clause is None:
            continue
        department = incident.responsible_department
        person = _indicator_person(_NoOwner, department) if clause.payer == "responsible_person" else None
        desired[f"major_incident:{incident.pk}"] = {
            "kind": "major_incident", "party": party, "department_id": department.pk,
            "person_id": person.pk if person else None, "clause_id": clause.pk, "amount": clause.amount,
            "summary": incident.title[:300], "indicator_result_id": None, "ticket_id": None, "clock_id": None,
            "occurred_at": incident.confirmed_at,
        }
    for party in ("A", "B"):
        clause = clauses.get((party, "confirmed_finding"))
        if clause is None:
            continue
        for finding in confirmed_findings(month_ctx, party):
            department = finding.responsible_department
            person = None
            if clause.payer == "responsible_person":
                person = finding.responsible_person or _indicator_person(_NoOwner, department)
            desired[f"finding:{finding.pk}"] = {
                "kind": "confirmed_finding", "party": party, "department_id": department.pk,
                "person_id": person.pk if person else None, "clause_id": clause.pk, "amount": clause.amount,
                "summary": f"{finding.complaint.ticket.number} confirmed finding: {finding.root_cause.code}"[:300],
                "indicator_result_id": None, "ticket_id": finding.complaint.ticket_id, "clock_id": None,
                "occurred_at": finding.recorded_at,
            }
    clause = clauses.get(("A", "breached_reply"))
    if clause is not None:
        for breach in sla_source.reply_breaches(month_ctx).values(
                "pk", "department_id", "person_id", "ticket_id", "ticket__number", "clock_id", "breached_at"):
            person_id = breach["person_id"] if clause.payer == "responsible_person" else None
            desired[f"breach:{breach['pk']}"] = {
                "kind": "breached_reply", "party": "A", "department_id": breach["department_id"],
                "person_id": person_id, "clause_id": clause.pk, "amount": clause.amount,
                "summary": f"{breach['ticket__number']} department reply due "
                           f"{timezone.localtime(breach['breached_at']):%Y-%m-%d %H:%M}",
                "indicator_result_id": None, "ticket_id": breach["ticket_id"], "clock_id": breach["clock_id"],
                "occurred_at": breach["breached_at"],
            }
    return desired


UPDATABLE = ["kind", "party", "department_id", "person_id", "clause_id", "amount", "summary",
             "indicator_result_id", "ticket_id", "clock_id", "occurred_at"]


def _sync_violations(close, version, month_ctx, missed, *, now):
    desired = _desired_violations(close, version, month_ctx, missed)
    existing = {v.key: v for v in close.violations.select_related("appeal")}
    create, update, delete, retire = [], [], [], []
    for key, fields in desired.items():
        row = existing.get(key)
        if row is None:
            create.append(Violation(close=close, key=key, final_amount=fields["amount"], created_at=now, **fields))
            continue
        appeal = getattr(row, "appeal", None)
        if appeal is not None and appeal.is_decided:
            if not row.current:
                row.current = True
                update.append(row)
            continue  # a decided appeal keeps its violation as decided
        changed = not row.current or any(getattr(row, f) != fields[f] for f in UPDATABLE)
        if changed:
            for f in UPDATABLE:
                setattr(row, f, fields[f])
            row.final_amount = fields["amount"]
            row.current = True
            update.append(row)
    for key, row in existing.items():
        if key in desired:
            continue
        if hasattr(row, "appeal"):
            if row.current:
                row.current = False
                retire.append(row)
        else:
            delete.append(row.pk)
    if delete:
        Violation.objects.filter(pk__in=delete).delete()
    if create:
        Violation.objects.bulk_create(create, batch_size=2000)
    if update:
        Violation.objects.bulk_update(update, [*UPDATABLE, "final_amount", "current"], batch_size=2000)
    if retire:
        Violation.objects.bulk_update(retire, ["current"])

"""Reads and visibility of the monthly close. Every page, API route and export starts
here; anything outside the caller's scope is a 404.

- service-center staff and admins: every agreement's results;
- department staff and heads: the agreements their department is a party to
  (`sla.selectors.agreements.agreement_version_scope`), and only their own
  department's dashboard;
- anyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from sla.selectors.agreements import agreement_version_scope

from .models import (
    Adjustment,
    AgreementClose,
    Appeal,
    AppealStatus,
    ExportJob,
    IndicatorResult,
    OrderCount,
    ReportMonth,
    Violation,
)


def close_scope(user) -> QuerySet[AgreementClose]:
    return AgreementClose.objects.filter(version__in=agreement_version_scope(user)).select_related(
        "month", "version__agreement", "version__provider")


def month_list(user) -> QuerySet[ReportMonth]:
    """Months with at least one close the user may see."""
    return ReportMonth.objects.filter(closes__in=close_scope(user)).distinct().order_by("-month")


def month_get(user, month) -> ReportMonth:
    return get_object_or_404(month_list(user), month=month)


def close_get(user, pk) -> AgreementClose:
    qs = close_scope(user).prefetch_related(
        "version__client_departments",
        Prefetch("indicator_results", queryset=IndicatorResult.objects.select_related("responsible_person")
                 .order_by("indicator__sort_order", "indicator_id")),
        "criteria",
        Prefetch("violations", queryset=violation_rows(Violation.objects.all())),
    )
    return get_object_or_404(qs, pk=pk)


def violation_rows(qs: QuerySet[Violation]) -> QuerySet[Violation]:
    return qs.select_related("close__month", "close__version__agreement", "department", "person", "ticket",
                             "appeal", "appeal__filed_by", "appeal__decided_by", "indicator_result").order_by(
        "close__month__month", "close_id", "party", "kind", "occurred_at", "id")


def violation_scope(user) -> QuerySet[Violation]:
    return violation_rows(Violation.objects.filter(close__in=close_scope(user)))


def violation_get(user, pk) -> Violation:
    return get_object_or_404(violation_scope(user), pk=pk)


def indicator_result_scope(user) -> QuerySet[IndicatorResult]:
    return IndicatorResult.objects.filter(close__in=close_scope(user)).select_related(
        "close__month", "close__version__agreement", "responsible_person").order_by(
        "close__month__month", "close_id", "indicator__sort_order", "indicator_id")


def indicator_result_get(user, pk) -> IndicatorResult:
    return get_object_or_404(indicator_result_scope(user), pk=pk)


def appeal_scope(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(violation__in=violation_scope(user)).select_related(
        "violation__close__month", "violation__close__version__agreement", "violation__department",
        "violation__person", "violation__ticket", "violation__indicator_result", "filed_by", "decided_by")


def appeal_get(user, pk) -> Appeal:
    return get_object_or_404(appeal_scope(user), pk=pk)


def pending_appeals(user) -> QuerySet[Appeal]:
    return appeal_scope(user).filter(status=AppealStatus.PENDING).order_by("filed_at")


def adjustment_scope(user) -> QuerySet[Adjustment]:
    return Adjustment.objects.filter(original__in=violation_scope(user)).select_related(
        "month", "original__close__month", "created_by")


def order_counts() -> QuerySet[OrderCount]:
    return OrderCount.objects.select_related("updated_by").order_by("-month", "channel")


def export_job_scope(user) -> QuerySet[ExportJob]:
    if not user or not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)


def export_job_get(user, pk) -> ExportJob:
    return get_object_or_404(export_job_scope(user), pk=pk)

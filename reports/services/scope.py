"""The agreement's ticket scope and the versions in force in a month (reads of sla
and tickets used by the close and the dashboards)."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from sla.models import AgreementVersion
from sla.models.agreements import SIGNED_STATUSES
from tickets.models import Category

from ..sources import PeriodContext


def versions_in_force(start: date, end: date):
    """Signed versions governing at least one local day of [start, end] — the range
    form of `sla.selectors.agreements.agreement_in_force`."""
    return (
        AgreementVersion.objects.filter(status__in=SIGNED_STATUSES, activated_at__isnull=False,
                                        effective_from__lte=end)
        .annotate(governs_to=Coalesce(F("ended_on"), F("effective_to")))
        .filter(Q(governs_to__isnull=True) | Q(governs_to__gte=start))
        .select_related("agreement", "provider", "provider__head")
        .prefetch_related("client_departments__head", "indicators__overrides", "indicators__reports_owner__person",
                          "penalties", "service_items")
        .order_by("agreement__code", "number")
    )


def agreement_categories(version) -> list[int]:
    """Categories the agreement covers: its service items' categories and those whose
    usual department is a client department, each with its sub-categories."""
    clients = [d.pk for d in version.client_departments.all()]
    roots = {item.category_id for item in version.service_items.all() if item.category_id}
    roots |= set(Category.objects.filter(default_department_id__in=clients).values_list("pk", flat=True))
    found = set(roots)
    frontier = roots
    while frontier:
        frontier = set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return sorted(found)


def period_context(version, start: date, end: date, *, until_cap=None) -> PeriodContext:
    """The context of `version` over [start, end], cut to the days it governs."""
    if version.effective_from and version.effective_from > start:
        start = version.effective_from
    until = version.ended_on or version.effective_to
    if until and until < end:
        end = until
    return PeriodContext(
        version=version, start=start, end=end,
        client_ids=sorted(d.pk for d in version.client_departments.all()),
        provider_id=version.provider_id, category_ids=agreement_categories(version),
        channels=list(version.channels or []), until_cap=until_cap,
    )

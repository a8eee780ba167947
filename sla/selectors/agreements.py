"""Reads and visibility of internal agreements. Every page and API route over
agreements starts from `agreement_version_scope(user)`; anything outside it is a 404.

- service-center staff and admins: every agreement;
- department staff and heads: agreements their department is a party to (A or B);
- anyone else: nothing.

`agreement_in_force` and `indicator_target` are the contract for the clocks and
reports layers.
"""

from datetime import date
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from tickets.models import Department
from tickets.permissions import department_of, is_admin, is_department_staff, is_service_staff

from ..kernel_calendars import version_for_date
from ..models.agreements import (
    SIGNED_STATUSES,
    Agreement,
    AgreementEvent,
    AgreementSignature,
    AgreementStatus,
    AgreementVersion,
    Indicator,
    IndicatorOverride,
)
from ..services.agreements import period_start_of


def agreement_version_scope(user) -> QuerySet[AgreementVersion]:
    qs = AgreementVersion.objects.all()
    if not user or not user.is_authenticated:
        return qs.none()
    if is_admin(user) or is_service_staff(user):
        return qs
    if is_department_staff(user):
        department = department_of(user)
        party = AgreementVersion.objects.filter(Q(provider=department) | Q(client_departments=department))
        return qs.filter(pk__in=party.values("pk"))
    return qs.none()


def _with_parties(qs: QuerySet[AgreementVersion]) -> QuerySet[AgreementVersion]:
    return qs.select_related("agreement", "provider", "calendar", "amended_from").prefetch_related(
        "client_departments",
        Prefetch("signatures", queryset=AgreementSignature.objects.select_related("department", "signer")),
    )


def agreement_list(user, *, status: str = "", department: Department | None = None) -> list[dict]:
    """One row per agreement: its current version (the active one, else the newest)
    and the newest version when an amendment is under way. Constant query count."""
    versions = _with_parties(agreement_version_scope(user)).order_by("agreement__code", "-number")
    if department is not None:
        versions = versions.filter(Q(provider=department) | Q(client_departments=department)).distinct()
    rows: dict[int, dict] = {}
    for version in versions:
        row = rows.setdefault(version.agreement_id, {"agreement": version.agreement, "versions": []})
        row["versions"].append(version)
    result = []
    for row in rows.values():
        active = next((v for v in row["versions"] if v.status == AgreementStatus.ACTIVE), None)
        current = active or row["versions"][0]
        newest = row["versions"][0]
        row["current"] = current
        row["pending"] = newest if newest is not current and newest.status in (
            AgreementStatus.DRAFT, AgreementStatus.AWAITING_SIGNATURES) else None
        if not status or current.status == status:
            result.append(row)
    return result


def agreement_get(user, pk) -> Agreement:
    visible = agreement_version_scope(user).values("agreement_id")
    return get_object_or_404(Agreement.objects.filter(pk__in=visible), pk=pk)


def agreement_versions(user, agreement: Agreement) -> QuerySet[AgreementVersion]:
    return _with_parties(agreement_version_scope(user).filter(agreement=agreement)).order_by("-number")


def agreement_version_get(user, pk) -> AgreementVersion:
    """A version with everything its detail and print pages show."""
    qs = _with_parties(agreement_version_scope(user)).prefetch_related(
        "service_items__category",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related(
            Prefetch("overrides", queryset=IndicatorOverride.objects.prefetch_related("agreed_by")))),
        "penalties",
    )
    return get_object_or_404(qs, pk=pk)


def agreement_events(version: AgreementVersion) -> QuerySet[AgreementEvent]:
    return version.events.select_related("actor").order_by("at", "id")


def agreement_in_force(*, department: Department, on: date) -> QuerySet[AgreementVersion]:
    """The signed versions that governed (or govern) `on` — a local date — with
    `department` as a party (client or provider). Past months keep finding the version
    that was in force then, even after it expired or was superseded."""
    return (
        AgreementVersion.objects.filter(
            Q(client_departments=department) | Q(provider=department),
            status__in=SIGNED_STATUSES,
            activated_at__isnull=False,
            effective_from__lte=on,
        )
        .annotate(governs_to=Coalesce(F("ended_on"), F("effective_to")))
        .filter(Q(governs_to__isnull=True) | Q(governs_to__gte=on))
        .select_related("agreement", "provider", "calendar")
        .prefetch_related("client_departments", "indicators", "penalties")
        .distinct()
        .order_by("agreement__code")
    )


def indicator_target(indicator: Indicator, period_start: date) -> Decimal:
    """The indicator's target for the month/quarter containing `period_start`: the
    agreed override for that period if there is one, else the standing target."""
    start = period_start_of(period_start, indicator.period)
    cached = getattr(indicator, "_prefetched_objects_cache", {}).get("overrides")
    if cached is not None:
        override = next((o for o in cached if o.period_start == start), None)
    else:
        override = indicator.overrides.filter(period_start=start).first()
    return override.target if override is not None else indicator.target


def calendar_version_for(version: AgreementVersion, on: date):
    """The calendar version (weekly hours) the agreement's service calendar has on `on`."""
    if version.calendar_id is None:
        return None
    return version_for_date(list(version.calendar.versions.order_by("effective_from")), on)

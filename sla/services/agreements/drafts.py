"""Writing the text of an agreement: drafts, their sections, service items,
indicators and penalty clauses (editable only while the version is a draft), and
period overrides of indicator targets (agreed any time before the version ends)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from tickets.models import Category, Channel, Department

from ...models.agreements import (
    Agreement,
    AgreementEvent,
    AgreementStatus,
    AgreementVersion,
    Comparator,
    Indicator,
    IndicatorMetric,
    IndicatorOverride,
    Party,
    Payer,
    PenaltyClause,
    Period,
    ServiceItem,
    ViolationKind,
)
from ...permissions import can_draft, can_manage, heads, is_agreement_manager

# Sections of a version a draft edit may change (the parties are handled separately).
TEXT_FIELDS = ("title", "purpose", "scope", "prerequisites", "reporting", "duties_a", "duties_b")
DRAFT_FIELDS = (*TEXT_FIELDS, "effective_from", "effective_to", "calendar", "channels", "provider",
                "client_departments")


def _forbidden(message: str) -> DomainError:
    return DomainError(message, code="forbidden", status=403)


def event_log(*, version, action: str, actor, at, from_status="", to_status="", reason="", data=None):
    return AgreementEvent.objects.create(
        version=version, action=action, actor=actor, at=at, from_status=from_status, to_status=to_status,
        reason=reason or "", data=data or {},
    )


def period_start_of(day: date, period: str) -> date:
    """First day of the month or quarter containing `day`."""
    if period == Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _decimal(value, field: str, *, minimum: Decimal | None = None) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Enter a number."), field=field, code="invalid") from None
    if not number.is_finite() or abs(number) >= Decimal("1e8"):
        raise DomainError(_("Enter a number."), field=field, code="invalid")
    if minimum is not None and number < minimum:
        raise DomainError(_("The number may not be negative."), field=field, code="invalid")
    return number


def _choice(value, choices, field: str) -> str:
    if value not in {c for c, _label in choices}:
        raise DomainError(_("Not a valid choice: %(value)s.") % {"value": value}, field=field, code="invalid")
    return value


def _check_terms(version: AgreementVersion, clients: list) -> None:
    """Shape rules of a draft that hold at every save."""
    if not version.title.strip():
        raise DomainError(_("An agreement needs a title."), field="title", code="required")
    if not clients:
        raise DomainError(_("Party A needs at least one client department."), field="client_departments",
                          code="required")
    if any(d.pk == version.provider_id for d in clients):
        raise DomainError(_("The provider cannot also be a client of the same agreement."),
                          field="client_departments", code="invalid")
    if version.effective_from and version.effective_to and version.effective_to < version.effective_from:
        raise DomainError(_("The effective period ends before it starts."), field="effective_to", code="invalid")
    if not isinstance(version.channels, list) or any(c not in Channel.values for c in version.channels):
        raise DomainError(_("Unknown channel."), field="channels", code="invalid")
    version.channels = sorted(set(version.channels), key=Channel.values.index)


def _check_departments(clients, provider) -> list:
    clients = list(clients)
    if any(not isinstance(d, Department) for d in [*clients, provider]):
        raise DomainError(_("Unknown department."), field="client_departments", code="invalid")
    return clients


def _lock_draft(version: AgreementVersion, actor) -> AgreementVersion:
    version = (
        AgreementVersion.objects.select_for_update(of=("self",))
        .select_related("provider")
        .get(pk=version.pk)
    )
    if not can_manage(actor, version):
        raise _forbidden(_("Only a service manager or the head of a party department may change this agreement."))
    if version.status != AgreementStatus.DRAFT:
        raise Conflict(_("Only a draft can be edited; this version is %(status)s.")
                       % {"status": version.get_status_display()}, code="not_draft", status_now=version.status)
    return version


@transaction.atomic
def agreement_create_draft(
    *, actor, title: str, client_departments, provider: Department, code: str = "", purpose: str = "",
    scope: str = "", effective_from: date | None = None, effective_to: date | None = None, calendar=None,
    channels=(), prerequisites: str = "", reporting: str = "", duties_a: str = "", duties_b: str = "", now=None,
) -> AgreementVersion:
    """A new agreement with its first version, as a draft."""
    now = now or timezone.now()
    if not can_draft(actor):
        raise _forbidden(_("Only a service manager or a department head may draft an agreement."))
    clients = _check_departments(client_departments, provider)
    if not any(heads(actor, d) for d in [*clients, provider]) and not is_agreement_manager(actor):
        raise _forbidden(_("A department head may only draft agreements their own department is party to."))
    code = (code or "").strip()
    if code and Agreement.objects.filter(code=code).exists():
        raise Conflict(_("Agreement number %(code)s is taken.") % {"code": code}, field="code", code="duplicate")
    agreement = Agreement.objects.create(code=code or f"tmp-{now.timestamp()}", title=title.strip(), created_at=now)
    if not code:
        agreement.code = f"SLA-{timezone.localdate(now):%Y}-{agreement.pk:04d}"
        agreement.save(update_fields=["code"])
    version = AgreementVersion(
        agreement=agreement, number=1, title=title.strip(), provider=provider, purpose=purpose, scope=scope,
        effective_from=effective_from, effective_to=effective_to, calendar=calendar, channels=list(channels),
        prerequisites=prerequisites, reporting=reporting, duties_a=duties_a, duties_b=duties_b,
        created_by=actor, created_at=now, updated_at=now,
    )
    _check_terms(version, clients)
    version.save()
    version.client_departments.set(clients)
    event_log(version=version, action="create", actor=actor, at=now, to_status=version.status)
    return version


@transaction.atomic
def agreement_update_draft(*, version: AgreementVersion, actor, now=None, **changes) -> AgreementVersion:
    """Change sections of a draft. Only the names in `DRAFT_FIELDS` are accepted."""
    now = now or timezone.now()
    unknown = sorted(set(changes) - set(DRAFT_FIELDS))
    if unknown:
        raise DomainError(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(unknown)}, code="invalid")
    version = _lock_draft(version, actor)
    clients = list(version.client_departments.all())
    if "client_departments" in changes or "provider" in changes:
        clients = _check_departments(changes.get("client_departments", clients),
                                     changes.get("provider", version.provider))
    for field in DRAFT_FIELDS:
        if field in changes and field != "client_departments":
            value = changes[field]
            if field in TEXT_FIELDS:
                value = (value or "").strip() if field == "title" else (value or "")
            if field == "channels":
                value = list(value or [])
            setattr(version, field, value)
    _check_terms(version, clients)
    version.updated_at = now
    version.save()
    if "client_departments" in changes:
        version.client_departments.set(clients)
    if "title" in changes and version.number == 1:
        Agreement.objects.filter(pk=version.agreement_id).update(title=version.title)
    event_log(version=version, action="update", actor=actor, at=now, data={"fields": sorted(changes)})
    return version


@transaction.atomic
def service_item_add(*, version, actor, title: str, description: str = "", category: Category | None = None,
                     now=None) -> ServiceItem:
    now = now or timezone.now()
    version = _lock_draft(version, actor)
    if not (title or "").strip():
        raise DomainError(_("A service item needs a title."), field="title", code="required")
    item = ServiceItem.objects.create(version=version, title=title.strip(), description=description or "",
                                      category=category, sort_order=version.service_items.count() + 1)
    event_log(version=version, action="service_item_add", actor=actor, at=now, data={"id": item.pk})
    return item


@transaction.atomic
def indicator_add(
    *, version, actor, name: str, metric: str, comparator: str, target, unit: str = "", period: str = Period.MONTH,
    responsible_party: str = Party.A, description: str = "", now=None,
) -> Indicator:
    now = now or timezone.now()
    version = _lock_draft(version, actor)
    if not (name or "").strip():
        raise DomainError(_("An indicator needs a name."), field="name", code="required")
    indicator = Indicator.objects.create(
        version=version, name=name.strip(), metric=_choice(metric, IndicatorMetric.choices, "metric"),
        comparator=_choice(comparator, Comparator.choices, "comparator"), target=_decimal(target, "target"),
        unit=(unit or "")[:20], period=_choice(period, Period.choices, "period"),
        responsible_party=_choice(responsible_party, Party.choices, "responsible_party"),
        description=description or "", sort_order=version.indicators.count() + 1,
    )
    event_log(version=version, action="indicator_add", actor=actor, at=now, data={"id": indicator.pk})
    return indicator


@transaction.atomic
def penalty_add(
    *, version, actor, party: str, violation: str, amount=Decimal("1000.00"), payer: str = Payer.RESPONSIBLE_PERSON,
    description: str = "", now=None,
) -> PenaltyClause:
    now = now or timezone.now()
    version = _lock_draft(version, actor)
    clause = PenaltyClause.objects.create(
        version=version, party=_choice(party, Party.choices, "party"),
        violation=_choice(violation, ViolationKind.choices, "violation"),
        amount=_decimal(amount, "amount", minimum=Decimal("0")).quantize(Decimal("0.01")),
        payer=_choice(payer, Payer.choices, "payer"), description=description or "",
        sort_order=version.penalties.count() + 1,
    )
    event_log(version=version, action="penalty_add", actor=actor, at=now, data={"id": clause.pk})
    return clause


@transaction.atomic
def draft_part_remove(*, version, actor, part: str, part_id: int, now=None) -> AgreementVersion:
    """Remove a service item, indicator or penalty clause from a draft."""
    now = now or timezone.now()
    managers = {"service_item": "service_items", "indicator": "indicators", "penalty": "penalties"}
    if part not in managers:
        raise DomainError(_("Unknown part."), code="invalid")
    version = _lock_draft(version, actor)
    deleted, _rows = getattr(version, managers[part]).filter(pk=part_id).delete()
    if not deleted:
        raise DomainError(_("Not found."), code="not_found", status=404)
    event_log(version=version, action=f"{part}_remove", actor=actor, at=now, data={"id": part_id})
    return version


@transaction.atomic
def indicator_override_add(
    *, indicator: Indicator, actor, period_start: date, target, reason: str, agreed_by=(), now=None,
) -> IndicatorOverride:
    """A different target for one month or quarter (e.g. 双十一 November), agreed by
    the parties. `period_start` may be any day of the period; it is stored as its first day."""
    now = now or timezone.now()
    version = (
        AgreementVersion.objects.select_for_update(of=("self",))
        .select_related("provider")
        .get(pk=indicator.version_id)
    )
    if not can_manage(actor, version):
        raise _forbidden(_("Only a service manager or the head of a party department may agree a target."))
    if version.status not in (AgreementStatus.DRAFT, AgreementStatus.AWAITING_SIGNATURES, AgreementStatus.ACTIVE):
        raise Conflict(_("This version is %(status)s; its targets can no longer change.")
                       % {"status": version.get_status_display()}, code="closed", status_now=version.status)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the different target."), field="reason", code="required")
    if not isinstance(period_start, date):
        raise DomainError(_("Enter a valid date."), field="period_start", code="invalid")
    start = period_start_of(period_start, indicator.period)
    if indicator.overrides.filter(period_start=start).exists():
        raise Conflict(_("This period already has its own target."), field="period_start", code="duplicate")
    override = IndicatorOverride.objects.create(
        indicator=indicator, period_start=start, target=_decimal(target, "target"), reason=reason.strip(),
        agreed_at=now,
    )
    override.agreed_by.set({actor.pk, *(u.pk for u in agreed_by)})
    event_log(version=version, action="override_add", actor=actor, at=now,
              data={"indicator": indicator.pk, "period_start": start.isoformat(), "target": str(override.target)})
    return override

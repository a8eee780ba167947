"""Moving agreement versions through their lifecycle (`sla.workflow`): submit, recall,
sign (the last signature activates), amend, terminate and the daily expiry."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.workflow import transition_apply
from tickets.services import notification_send

from ...models.agreements import (
    AgreementSignature,
    AgreementStatus,
    AgreementVersion,
    IndicatorOverride,
)
from ...permissions import can_manage, can_sign_for, party_departments, signable_parties
from ...workflow import AGREEMENT_WORKFLOW
from .drafts import event_log


def _forbidden(message: str) -> DomainError:
    return DomainError(message, code="forbidden", status=403)


@transaction.atomic
def agreement_transition(
    *, version: AgreementVersion, actor, action: str, reason: str = "", now=None, system: bool = False,
    changes: dict | None = None,
) -> AgreementVersion:
    """The only way a version's status changes. Locks the row, checks the move against
    `sla.workflow.AGREEMENT_WORKFLOW`, stamps the time, applies `changes` (fields the move
    itself sets, e.g. `ended_on`) and writes the audit row. Permission checks are the
    caller's (each command service knows who may ask for it)."""
    now = now or timezone.now()
    version, move, old_status = transition_apply(
        instance=version, table=AGREEMENT_WORKFLOW, action=action, reason=reason, now=now, system=system,
        changes=changes,
    )
    reason = (reason or "").strip()
    event_log(version=version, action=action, actor=actor, at=now, from_status=old_status, to_status=move.target,
              reason=reason)
    return version


def _overlaps(a_from, a_to, b_from, b_to) -> bool:
    return (b_to is None or a_from is None or a_from <= b_to) and (a_to is None or b_from is None or b_from <= a_to)


def _check_single_active(version: AgreementVersion) -> None:
    """Invariant: for a provider and a client department, one agreement governs a given
    day. Another agreement's active version over the same pair and overlapping
    period is a conflict (the agreement's own versions replace each other by amendment)."""
    clients = [d.pk for d in version.client_departments.all()]
    rivals = (
        AgreementVersion.objects.filter(status=AgreementStatus.ACTIVE, provider_id=version.provider_id,
                                        client_departments__in=clients)
        .exclude(agreement_id=version.agreement_id)
        .select_related("agreement")
        .distinct()
    )
    for rival in rivals:
        if _overlaps(version.effective_from, version.effective_to, rival.effective_from, rival.governs_until):
            raise Conflict(
                _("Agreement %(code)s already covers these parties in this period.") % {"code": rival.agreement.code},
                code="overlapping_agreement",
                rival=rival.pk,
            )


@transaction.atomic
def agreement_submit(*, version: AgreementVersion, actor, now=None) -> AgreementVersion:
    """Draft → awaiting signatures, once the text is complete enough to sign."""
    now = now or timezone.now()
    if not can_manage(actor, version):
        raise _forbidden(_("Only a service manager or the head of a party department may submit this agreement."))
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == AgreementStatus.DRAFT:
        _check_complete(version)
        _check_single_active(version)
    version = agreement_transition(version=version, actor=actor, action="submit", now=now)
    transaction.on_commit(lambda: _ask_for_signatures(version, now))
    return version


def _check_complete(version: AgreementVersion) -> None:
    missing = []
    if version.effective_from is None:
        missing.append(_("effective period"))
    if version.calendar_id is None:
        missing.append(_("service calendar"))
    if not version.indicators.exists():
        missing.append(_("at least one indicator"))
    if not version.penalties.exists():
        missing.append(_("at least one penalty clause"))
    if missing:
        raise DomainError(_("Before submitting, add: %(missing)s.") % {"missing": ", ".join(missing)},
                          code="incomplete", missing=missing)
    old = version.amended_from
    if old is not None and old.effective_from and version.effective_from <= old.effective_from:
        raise DomainError(_("An amendment must take effect after the version it amends (%(date)s).")
                          % {"date": old.effective_from.isoformat()}, field="effective_from", code="invalid")


def _ask_for_signatures(version: AgreementVersion, now) -> None:
    for department in party_departments(version):
        if department.head_id:
            notification_send(
                recipient=department.head, key=f"agreement-sign-{version.pk}-{department.pk}",
                subject=_("Agreement %(code)s awaits your signature") % {"code": version.agreement.code},
                body=version.title, url=reverse("sla:agreement_version", args=[version.pk]), now=now,
            )


@transaction.atomic
def agreement_recall(*, version: AgreementVersion, actor, reason: str = "", now=None) -> AgreementVersion:
    """Back to draft for changes; signatures already given are void (the text may change)."""
    now = now or timezone.now()
    if not can_manage(actor, version):
        raise _forbidden(_("Only a service manager or the head of a party department may recall this agreement."))
    version = agreement_transition(version=version, actor=actor, action="recall", reason=reason, now=now,
                                   changes={"submitted_at": None})
    version.signatures.all().delete()
    return version


@transaction.atomic
def agreement_sign(*, version: AgreementVersion, actor, department=None, now=None) -> AgreementSignature:
    """The head of a party department signs for it (an admin may sign for any party,
    naming it). When every party has signed, the version becomes active; if its
    effective date lies ahead it is active but not yet in force (`is_in_force`)."""
    now = now or timezone.now()
    version = (
        AgreementVersion.objects.select_for_update(of=("self",))
        .select_related("provider", "amended_from")
        .get(pk=version.pk)
    )
    parties = party_departments(version)
    if department is None:
        candidates = signable_parties(actor, version)
        if not candidates:
            if any(can_sign_for(actor, d) for d in parties):
                raise Conflict(_("You have already signed this agreement."), code="already_signed")
            raise _forbidden(_("Only the head of a party department may sign this agreement."))
        if len(candidates) > 1:
            raise DomainError(_("Say which party you sign for."), field="department", code="required")
        department = candidates[0]
    if department.pk not in {d.pk for d in parties}:
        raise DomainError(_("%(department)s is not a party to this agreement.") % {"department": department},
                          field="department", code="invalid")
    if not can_sign_for(actor, department):
        raise _forbidden(_("Only the head of %(department)s may sign for it.") % {"department": department})
    if version.status != AgreementStatus.AWAITING_SIGNATURES:
        raise Conflict(_("Only a version awaiting signatures can be signed; this one is %(status)s.")
                       % {"status": version.get_status_display()}, code="illegal_transition",
                       status_now=version.status)
    try:
        with transaction.atomic():
            signature = AgreementSignature.objects.create(version=version, department=department, signer=actor,
                                                          signed_at=now)
    except IntegrityError:
        raise Conflict(_("%(department)s has already signed.") % {"department": department},
                       code="already_signed") from None
    event_log(version=version, action="sign", actor=actor, at=now, data={"department": department.pk})
    if version.signatures.count() == len(parties):
        _activate(version, actor, now)
    return signature


def _activate(version: AgreementVersion, actor, now) -> None:
    _check_single_active(version)
    old = version.amended_from
    if old is not None:
        old = AgreementVersion.objects.select_for_update().get(pk=old.pk)
    if old is not None and old.status == AgreementStatus.ACTIVE:
        # The old text governs up to the day before the amendment takes effect.
        last_day = version.effective_from - timedelta(days=1)
        if old.effective_to is not None:
            last_day = min(last_day, old.effective_to)
        agreement_transition(version=old, actor=actor, action="supersede", now=now, system=True,
                             reason=_("Superseded by version %(number)s.") % {"number": version.number},
                             changes={"ended_on": last_day})
    agreement_transition(version=version, actor=actor, action="activate", now=now, system=True)


@transaction.atomic
def agreement_amend(*, version: AgreementVersion, actor, now=None) -> AgreementVersion:
    """A new draft version copying the active one's text, items, indicators (with
    their overrides) and penalties. The old version stays in force until the
    amendment is signed and takes effect."""
    now = now or timezone.now()
    if not can_manage(actor, version):
        raise _forbidden(_("Only a service manager or the head of a party department may amend this agreement."))
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != AgreementStatus.ACTIVE:
        raise Conflict(_("Only an active agreement can be amended; this version is %(status)s.")
                       % {"status": version.get_status_display()}, code="not_active", status_now=version.status)
    pending = version.agreement.versions.filter(status__in=[AgreementStatus.DRAFT, AgreementStatus.AWAITING_SIGNATURES])
    if pending.exists():
        raise Conflict(_("An amendment of this agreement is already being prepared."), code="amendment_pending",
                       version=pending.first().pk)
    number = version.agreement.versions.order_by("-number").values_list("number", flat=True).first() + 1
    clients = list(version.client_departments.all())
    items, indicators, penalties = (list(version.service_items.all()), list(version.indicators.all()),
                                    list(version.penalties.all()))
    amendment = AgreementVersion.objects.get(pk=version.pk)
    amendment.pk = None
    amendment.number = number
    amendment.status = AgreementStatus.DRAFT
    amendment.amended_from = version
    amendment.created_by, amendment.created_at, amendment.updated_at = actor, now, now
    amendment.submitted_at = amendment.activated_at = amendment.ended_at = amendment.ended_on = None
    amendment.end_reason = ""
    amendment.effective_from = None
    amendment.save(force_insert=True)
    amendment.client_departments.set(clients)
    for row in [*items, *penalties]:
        row.pk, row.version = None, amendment
        row.save(force_insert=True)
    for indicator in indicators:
        overrides = list(indicator.overrides.prefetch_related("agreed_by"))
        indicator.pk, indicator.version = None, amendment
        indicator.save(force_insert=True)
        for override in overrides:
            agreed = list(override.agreed_by.all())
            copy = IndicatorOverride.objects.create(indicator=indicator, period_start=override.period_start,
                                                    target=override.target, reason=override.reason,
                                                    agreed_at=override.agreed_at)
            copy.agreed_by.set(agreed)
    event_log(version=amendment, action="amend", actor=actor, at=now, to_status=amendment.status,
              data={"amends": version.pk})
    return amendment


@transaction.atomic
def agreement_terminate(*, version: AgreementVersion, actor, reason: str, now=None) -> AgreementVersion:
    """End a version early (or abandon a draft). It governs up to today's local date."""
    now = now or timezone.now()
    if not can_manage(actor, version):
        raise _forbidden(_("Only a service manager or the head of a party department may terminate this agreement."))
    today = timezone.localdate(now)
    changes = {"end_reason": (reason or "").strip()}
    if version.activated_at is not None:
        changes["ended_on"] = today if version.effective_to is None else min(today, version.effective_to)
    return agreement_transition(version=version, actor=actor, action="terminate", reason=reason, now=now,
                                changes=changes)


def agreements_expire(*, now=None) -> int:
    """Daily: active versions whose effective period ended before today (local) expire.
    Idempotent: each version is moved once under its row lock; a rerun finds nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = AgreementVersion.objects.filter(Q(status=AgreementStatus.ACTIVE) & Q(effective_to__lt=today))
    expired = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            version = AgreementVersion.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=AgreementStatus.ACTIVE).first()
            if version is None:
                continue
            agreement_transition(version=version, actor=None, action="expire", now=now, system=True)
            expired += 1
    return expired

"""The agreement services: the transition table move by move, signing rules,
amendments and supersession, the one-active invariant and expiry."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from sla.models import AgreementEvent, AgreementSignature, AgreementStatus, AgreementVersion
from sla.selectors.agreements import agreement_in_force, indicator_target
from sla.services.agreements import (
    agreement_amend,
    agreement_recall,
    agreement_sign,
    agreement_submit,
    agreement_terminate,
    agreement_transition,
    agreement_update_draft,
    agreements_expire,
    draft_part_remove,
    indicator_add,
    indicator_override_add,
)
from sla.workflow import AGREEMENT_WORKFLOW
from slacenter.errors import Conflict, DomainError
from tests.factories import DepartmentFactory, make_staff
from tests.sla.agreement_helpers import NOW, make_active, make_calendar, make_draft, make_head
from tickets.models import Role

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(AgreementStatus.values)


@pytest.fixture
def calendar(center):
    return make_calendar()


@pytest.fixture
def merchandise_head(merchandise):
    return make_head(merchandise)


@pytest.fixture
def draft(manager, merchandise, center, calendar):
    return make_draft(actor=manager, clients=[merchandise], provider=center, calendar=calendar)


def _force_status(version, status):
    AgreementVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()


@pytest.mark.parametrize("move", AGREEMENT_WORKFLOW.transitions, ids=lambda t: t.action)
@pytest.mark.parametrize("source", ALL_STATUSES)
def test_every_move_from_every_status(draft, manager, move, source):
    _force_status(draft, source)
    before = AgreementEvent.objects.filter(version=draft).count()
    if source in move.sources:
        version = agreement_transition(version=draft, actor=manager, action=move.action, reason="双方协商", now=NOW,
                                       system=True)
        assert version.status == move.target
        event = version.events.latest("id")
        assert (event.action, event.from_status, event.to_status) == (move.action, source, move.target)
    else:
        with pytest.raises(Conflict) as exc:
            agreement_transition(version=draft, actor=manager, action=move.action, reason="x", now=NOW, system=True)
        assert exc.value.extra["allowed"] == [t.action for t in AGREEMENT_WORKFLOW.allowed(source)]
        draft.refresh_from_db()
        assert draft.status == source
        assert AgreementEvent.objects.filter(version=draft).count() == before


@pytest.mark.parametrize("action", ["activate", "expire", "supersede"])
def test_system_moves_refused_from_outside(draft, manager, action):
    _force_status(draft, "awaiting_signatures" if action == "activate" else "active")
    with pytest.raises(Conflict):
        agreement_transition(version=draft, actor=manager, action=action, now=NOW)


def test_terminate_needs_reason(draft, manager):
    with pytest.raises(DomainError) as exc:
        agreement_terminate(version=draft, actor=manager, reason="  ", now=NOW)
    assert exc.value.code == "reason_required"


def test_submit_requires_indicator_penalty_calendar_and_period(manager, merchandise, center):
    version = make_draft(actor=manager, clients=[merchandise], provider=center, calendar=None, effective_from=None,
                         complete=False)
    with pytest.raises(DomainError) as exc:
        agreement_submit(version=version, actor=manager, now=NOW)
    assert exc.value.code == "incomplete"
    assert len(exc.value.extra["missing"]) == 4
    version.refresh_from_db()
    assert version.status == AgreementStatus.DRAFT


def test_only_drafts_are_editable(draft, manager):
    agreement_submit(version=draft, actor=manager, now=NOW)
    with pytest.raises(Conflict):
        agreement_update_draft(version=draft, actor=manager, purpose="改", now=NOW)
    with pytest.raises(Conflict):
        indicator_add(version=draft, actor=manager, name="x", metric="csat", comparator=">=", target=90, now=NOW)
    with pytest.raises(Conflict):
        draft_part_remove(version=draft, actor=manager, part="indicator", part_id=draft.indicators.get().pk, now=NOW)


def test_update_rejects_unknown_fields_and_provider_as_client(draft, manager, center):
    with pytest.raises(DomainError):
        agreement_update_draft(version=draft, actor=manager, status="active", now=NOW)
    with pytest.raises(DomainError):
        agreement_update_draft(version=draft, actor=manager, client_departments=[center], now=NOW)
    version = agreement_update_draft(version=draft, actor=manager, channels=["webchat", "hotline", "webchat"], now=NOW)
    assert version.channels == ["hotline", "webchat"]


def test_both_heads_sign_then_active(draft, manager, merchandise_head, merchandise, center):
    agreement_submit(version=draft, actor=manager, now=NOW)
    agreement_sign(version=draft, actor=merchandise_head, now=NOW)
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.AWAITING_SIGNATURES
    agreement_sign(version=draft, actor=manager, now=NOW + timedelta(hours=1))
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.ACTIVE
    assert draft.activated_at == NOW + timedelta(hours=1)
    assert set(draft.signatures.values_list("department__code", flat=True)) == {"merchandise", "service-center"}
    # effective from 1 April: signed in March, active but not yet in force
    assert not draft.is_in_force(date(2026, 3, 31))
    assert draft.is_in_force(date(2026, 4, 1))


def test_wrong_person_cannot_sign(draft, manager, merchandise_staff, logistics, agent):
    agreement_submit(version=draft, actor=manager, now=NOW)
    outsider_head = make_head(logistics)
    for user in (merchandise_staff, outsider_head, agent):
        with pytest.raises(DomainError) as exc:
            agreement_sign(version=draft, actor=user, now=NOW)
        assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        agreement_sign(version=draft, actor=outsider_head, department=logistics, now=NOW)
    assert exc.value.status == 400  # not a party
    assert not AgreementSignature.objects.exists()


def test_named_head_signs_and_no_one_else(draft, manager, merchandise, merchandise_head):
    other_head = make_staff(Role.DEPT_HEAD, merchandise, username="deputy")
    merchandise.head = other_head
    merchandise.save()
    agreement_submit(version=draft, actor=manager, now=NOW)
    with pytest.raises(DomainError) as exc:
        agreement_sign(version=draft, actor=merchandise_head, now=NOW)
    assert exc.value.status == 403
    assert agreement_sign(version=draft, actor=other_head, now=NOW).department == merchandise


def test_signing_twice_or_before_submit_is_a_conflict(draft, manager, merchandise_head):
    with pytest.raises(Conflict):
        agreement_sign(version=draft, actor=merchandise_head, now=NOW)
    agreement_submit(version=draft, actor=manager, now=NOW)
    agreement_sign(version=draft, actor=merchandise_head, now=NOW)
    with pytest.raises(Conflict):
        agreement_sign(version=draft, actor=merchandise_head, now=NOW)


def test_admin_signs_for_a_named_party(draft, manager, merchandise):
    admin = make_staff(Role.ADMIN, username="root")
    admin.is_superuser = True
    admin.save()
    agreement_submit(version=draft, actor=manager, now=NOW)
    with pytest.raises(DomainError):
        agreement_sign(version=draft, actor=admin, now=NOW)  # which party?
    assert agreement_sign(version=draft, actor=admin, department=merchandise, now=NOW).signer == admin


def test_recall_voids_signatures(draft, manager, merchandise_head):
    agreement_submit(version=draft, actor=manager, now=NOW)
    agreement_sign(version=draft, actor=merchandise_head, now=NOW)
    version = agreement_recall(version=draft, actor=manager, now=NOW)
    assert version.status == AgreementStatus.DRAFT
    assert not version.signatures.exists()


def test_amendment_keeps_old_readable_and_supersedes_on_activation(manager, merchandise_head, merchandise, center,
                                                                    calendar):
    old = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                      calendar=calendar)
    indicator = old.indicators.get()
    indicator_override_add(indicator=indicator, actor=manager, period_start=date(2026, 11, 15), target=Decimal("90"),
                           reason="双十一", now=NOW)
    amendment = agreement_amend(version=old, actor=manager, now=NOW)
    assert (amendment.number, amendment.status, amendment.amended_from) == (2, AgreementStatus.DRAFT, old)
    assert amendment.indicators.get().overrides.get().period_start == date(2026, 11, 1)
    assert amendment.penalties.count() == 1 and amendment.effective_from is None
    with pytest.raises(Conflict):
        agreement_amend(version=old, actor=manager, now=NOW)  # one amendment at a time
    agreement_update_draft(version=amendment, actor=manager, effective_from=date(2026, 7, 1), now=NOW)
    agreement_submit(version=amendment, actor=manager, now=NOW)
    old.refresh_from_db()
    assert old.status == AgreementStatus.ACTIVE  # still the one in force while signatures are collected
    agreement_sign(version=amendment, actor=merchandise_head, now=NOW)
    agreement_sign(version=amendment, actor=manager, now=NOW)
    old.refresh_from_db()
    amendment.refresh_from_db()
    assert (old.status, amendment.status) == (AgreementStatus.SUPERSEDED, AgreementStatus.ACTIVE)
    assert old.ended_on == date(2026, 6, 30) and old.indicators.count() == 1
    in_force = {d: list(agreement_in_force(department=merchandise, on=d)) for d in (date(2026, 6, 30),
                                                                                     date(2026, 7, 1))}
    assert in_force == {date(2026, 6, 30): [old], date(2026, 7, 1): [amendment]}


def test_amendment_must_start_after_the_old_version(manager, merchandise_head, merchandise, center, calendar):
    old = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                      calendar=calendar)
    amendment = agreement_amend(version=old, actor=manager, now=NOW)
    agreement_update_draft(version=amendment, actor=manager, effective_from=old.effective_from, now=NOW)
    with pytest.raises(DomainError):
        agreement_submit(version=amendment, actor=manager, now=NOW)


def test_one_active_agreement_per_party_pair(manager, merchandise_head, merchandise, center, calendar, logistics):
    make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center, calendar=calendar,
                effective_to=date(2026, 12, 31))
    rival = make_draft(actor=manager, clients=[merchandise, logistics], provider=center, calendar=calendar,
                       effective_from=date(2026, 6, 1), title="重复协议")
    with pytest.raises(Conflict) as exc:
        agreement_submit(version=rival, actor=manager, now=NOW)
    assert exc.value.code == "overlapping_agreement"
    # A later, non-overlapping period is fine.
    agreement_update_draft(version=rival, actor=manager, effective_from=date(2027, 1, 1), now=NOW)
    assert agreement_submit(version=rival, actor=manager, now=NOW).status == AgreementStatus.AWAITING_SIGNATURES


def test_db_allows_one_active_version_per_agreement(manager, merchandise_head, merchandise, center, calendar):
    from django.db import IntegrityError, transaction

    old = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                      calendar=calendar)
    amendment = agreement_amend(version=old, actor=manager, now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementVersion.objects.filter(pk=amendment.pk).update(status=AgreementStatus.ACTIVE)


def test_terminate_active_ends_it_today(manager, merchandise_head, merchandise, center, calendar):
    version = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                          calendar=calendar, effective_from=date(2026, 1, 1))
    version = agreement_terminate(version=version, actor=manager, reason="组织调整", now=NOW)
    assert (version.status, version.ended_on, version.end_reason) == (AgreementStatus.TERMINATED, date(2026, 3, 10),
                                                                       "组织调整")
    assert version.is_in_force(date(2026, 3, 10)) and not version.is_in_force(date(2026, 3, 11))


def test_expiry_is_idempotent(manager, merchandise_head, merchandise, center, calendar):
    version = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                          calendar=calendar, effective_from=date(2026, 1, 1), effective_to=date(2026, 3, 9))
    assert agreements_expire(now=NOW - timedelta(days=1)) == 0  # 9 March is still in the period
    assert agreements_expire(now=NOW) == 1
    assert agreements_expire(now=NOW) == 0
    version.refresh_from_db()
    assert version.status == AgreementStatus.EXPIRED
    assert list(agreement_in_force(department=merchandise, on=date(2026, 3, 9))) == [version]


def test_override_target_per_period(manager, merchandise_head, merchandise, center, calendar):
    version = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                          calendar=calendar)
    indicator = version.indicators.get()
    override = indicator_override_add(indicator=indicator, actor=merchandise_head, period_start=date(2026, 11, 11),
                                      target="85", reason="双十一大促", agreed_by=[manager], now=NOW)
    assert set(override.agreed_by.all()) == {manager, merchandise_head}
    assert indicator_target(indicator, date(2026, 11, 1)) == Decimal("85")
    assert indicator_target(indicator, date(2026, 11, 30)) == Decimal("85")
    assert indicator_target(indicator, date(2026, 12, 1)) == Decimal("95")
    with pytest.raises(Conflict):
        indicator_override_add(indicator=indicator, actor=manager, period_start=date(2026, 11, 1), target=80,
                               reason="再改", now=NOW)
    with pytest.raises(DomainError):
        indicator_override_add(indicator=indicator, actor=manager, period_start=date(2026, 12, 1), target="abc",
                               reason="x", now=NOW)


def test_department_head_may_only_draft_for_own_department(merchandise, center, calendar, logistics):
    head = make_head(logistics)
    with pytest.raises(DomainError) as exc:
        make_draft(actor=head, clients=[merchandise], provider=center, calendar=calendar)
    assert exc.value.status == 403
    assert make_draft(actor=head, clients=[logistics], provider=center, calendar=calendar).created_by == head


def test_agents_cannot_draft(agent, merchandise, center, calendar):
    with pytest.raises(DomainError) as exc:
        make_draft(actor=agent, clients=[merchandise], provider=center, calendar=calendar)
    assert exc.value.status == 403


def test_generated_code(draft):
    assert draft.agreement.code == f"SLA-2026-{draft.agreement.pk:04d}"


def test_unrelated_department_not_in_force(manager, merchandise_head, merchandise, center, calendar):
    make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center, calendar=calendar)
    assert not agreement_in_force(department=DepartmentFactory(code="finance"), on=date(2026, 5, 1)).exists()
    assert agreement_in_force(department=center, on=date(2026, 5, 1)).count() == 1


def test_submit_asks_each_party_head_to_sign(django_capture_on_commit_callbacks, draft, manager, merchandise_head,
                                              merchandise):
    from tickets.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        agreement_submit(version=draft, actor=manager, now=NOW)
    notice = Notification.objects.get(recipient=merchandise_head)
    assert draft.agreement.code in notice.subject
    assert notice.url == f"/sla/agreements/versions/{draft.pk}/"

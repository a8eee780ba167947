"""Root cause at closing and the accountability path: confirm, dispute → manager
decides, lapse past the deadline; the selector reports read; the closing guard."""

from datetime import timedelta

import pytest

from complaints.models import ComplaintFinding, FindingStatus, RootCause
from complaints.selectors_accountability import confirmed_findings, finding_scope
from complaints.services.accountability import (
    finding_confirm,
    finding_decide,
    finding_dispute,
    finding_record,
    findings_lapse,
)
from complaints.services.events import ACCOUNTABILITY, ROOT_CAUSE
from slacenter.errors import Conflict, DomainError
from tests.factories import make_staff
from tickets.models import Role, TicketEvent

from .conftest import T0


@pytest.fixture
def logistics_head(logistics):
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head")
    logistics.head = head
    logistics.save(update_fields=["head"])
    return head


@pytest.fixture
def finding(make_complaint, agent, logistics, logistics_staff, logistics_head):
    complaint = make_complaint()
    return finding_record(actor=agent, complaint=complaint, root_cause=RootCause.objects.get(code="logistics"),
                          responsible_department=logistics, responsible_person=logistics_staff, note="分拣延误",
                          now=T0)


def test_default_taxonomy_is_installed(db):
    assert {"product_quality", "logistics", "system_fault", "staff_attitude", "misunderstanding"} <= set(
        RootCause.objects.values_list("code", flat=True))


def test_record_asks_the_head_and_is_an_event(finding, logistics_head):
    assert finding.status == FindingStatus.PENDING and finding.respond_by == T0 + timedelta(days=3)
    assert TicketEvent.objects.filter(ticket=finding.complaint.ticket, kind=ROOT_CAUSE).exists()
    assert logistics_head.notifications.filter(key__startswith=f"finding:{finding.pk}").exists()


def test_person_must_be_in_the_department(make_complaint, agent, logistics, merchandise_staff):
    with pytest.raises(DomainError):
        finding_record(actor=agent, complaint=make_complaint(), root_cause=RootCause.objects.first(),
                       responsible_department=logistics, responsible_person=merchandise_staff, now=T0)


def test_head_confirms(finding, logistics_head, merchandise_staff, logistics):
    with pytest.raises(DomainError):
        finding_confirm(actor=merchandise_staff, finding=finding, now=T0)
    finding = finding_confirm(actor=logistics_head, finding=finding, now=T0 + timedelta(hours=1))
    assert finding.status == FindingStatus.CONFIRMED
    assert list(confirmed_findings(logistics, T0 - timedelta(days=1), T0 + timedelta(days=1))) == [finding]
    with pytest.raises(Conflict):
        finding_dispute(actor=logistics_head, finding=finding, reason="晚了", now=T0)


def test_dispute_goes_to_the_manager(finding, logistics_head, manager, lead, logistics):
    with pytest.raises(DomainError):
        finding_dispute(actor=logistics_head, finding=finding, reason=" ", now=T0)
    finding = finding_dispute(actor=logistics_head, finding=finding, reason="承运商责任", now=T0 + timedelta(hours=1))
    assert finding.status == FindingStatus.DISPUTED
    assert list(confirmed_findings(logistics, T0 - timedelta(days=1), T0 + timedelta(days=1))) == []
    with pytest.raises(DomainError):
        finding_decide(actor=lead, finding=finding, uphold=True, reason="x", now=T0)
    with pytest.raises(DomainError):
        finding_decide(actor=manager, finding=finding, uphold=True, reason="", now=T0)
    finding = finding_decide(actor=manager, finding=finding, uphold=False, reason="确为承运商",
                             now=T0 + timedelta(hours=2))
    assert finding.status == FindingStatus.OVERTURNED and finding.decided_by == manager
    assert TicketEvent.objects.filter(ticket=finding.complaint.ticket, kind=ACCOUNTABILITY).count() == 2


def test_unanswered_finding_lapses_to_confirmed_once(finding):
    assert findings_lapse(now=T0 + timedelta(days=2)) == 0
    assert findings_lapse(now=T0 + timedelta(days=3)) == 1
    assert findings_lapse(now=T0 + timedelta(days=4)) == 0
    assert ComplaintFinding.objects.get(pk=finding.pk).status == FindingStatus.CONFIRMED


def test_scope(finding, logistics_staff, merchandise_staff, agent):
    assert finding_scope(logistics_staff).count() == 1
    assert finding_scope(merchandise_staff).count() == 0
    assert finding_scope(agent).count() == 1


def test_close_guard(settings, make_complaint, agent, finding):
    from complaints.guards import root_cause_guard

    settings.COMPLAINTS_ROOT_CAUSE_REQUIRED = True
    bare = make_complaint()
    assert root_cause_guard(ticket=bare.ticket, action="close", target="closed", actor=agent, now=T0)
    assert root_cause_guard(ticket=finding.complaint.ticket, action="close", target="closed", actor=agent,
                            now=T0) is None
    assert root_cause_guard(ticket=bare.ticket, action="resolve", target="resolved", actor=agent, now=T0) is None
    settings.COMPLAINTS_ROOT_CAUSE_REQUIRED = False
    assert root_cause_guard(ticket=bare.ticket, action="close", target="closed", actor=agent, now=T0) is None

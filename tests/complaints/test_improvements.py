"""Improvement actions: every move of the table, the reject reason, who may answer,
verification with before/after counts, overdue escalation once."""

from datetime import timedelta

import pytest

from complaints.models import ImprovementStatus
from complaints.services.improvements import (
    improvement_answer,
    improvement_complete,
    improvement_propose,
    improvement_verify,
    improvements_escalate,
)
from slacenter.errors import Conflict, DomainError
from tests.factories import TicketFactory
from tickets.models import Notification

from .conftest import T0


@pytest.fixture
def action(lead, logistics, category):
    return improvement_propose(actor=lead, department=logistics, category=category, suggestion="增加夜班分拣",
                               due_at=T0 + timedelta(days=7), now=T0)


def test_path_to_verified_with_counts(action, logistics_staff, lead, category):
    for days in (1, 2, 3):
        TicketFactory(kind="complaint", category=category, created_at=T0 - timedelta(days=days),
                      updated_at=T0)
    TicketFactory(kind="complaint", category=category, created_at=T0 + timedelta(days=5), updated_at=T0)
    action = improvement_answer(actor=logistics_staff, action=action, accept=True, now=T0 + timedelta(days=1))
    with pytest.raises(Conflict):
        improvement_verify(actor=lead, action=action, now=T0 + timedelta(days=2))
    action = improvement_complete(actor=logistics_staff, action=action, now=T0 + timedelta(days=4))
    action = improvement_verify(actor=lead, action=action, now=T0 + timedelta(days=8))
    assert action.status == ImprovementStatus.VERIFIED
    assert (action.count_before, action.count_after) == (3, 1)


def test_reject_needs_reason_and_department(action, logistics_staff, merchandise_staff, agent, logistics):
    with pytest.raises(DomainError):
        improvement_answer(actor=merchandise_staff, action=action, accept=True, now=T0)
    with pytest.raises(DomainError):
        improvement_answer(actor=logistics_staff, action=action, accept=False, reason="", now=T0)
    action = improvement_answer(actor=logistics_staff, action=action, accept=False, reason="成本过高", now=T0)
    assert action.status == ImprovementStatus.REJECTED and action.reject_reason == "成本过高"
    with pytest.raises(Conflict):
        improvement_complete(actor=logistics_staff, action=action, now=T0)
    with pytest.raises(DomainError):
        improvement_propose(actor=agent, department=logistics, suggestion="x", due_at=T0 + timedelta(1), now=T0)


def test_overdue_escalates_once(action, manager):
    assert improvements_escalate(now=T0 + timedelta(days=6)) == 0
    assert improvements_escalate(now=T0 + timedelta(days=8)) == 1
    assert improvements_escalate(now=T0 + timedelta(days=9)) == 0
    assert Notification.objects.filter(recipient=manager, key__startswith=f"improvement-overdue:{action.pk}").exists()

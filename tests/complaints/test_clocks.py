"""The complaint loop's SLA clocks, derived from its events: acknowledgement,
assessment, the rolling stage update, the approval step on the approver's calendar,
and the callback met only by a real outcome."""

import pytest

from complaints.defaults import install_default_chain
from complaints.services import (
    approval_approve,
    callback_attempt_record,
    complaint_acknowledge,
    complaint_assess,
    complaint_create,
    complaint_final_reply,
    complaint_stage_reply,
    remedy_propose,
)
from sla.models import TicketClock
from sla.services.policies import policy_create
from tests.factories import make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at
from tickets.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint_policies(policies):
    for metric, minutes in (("acknowledgement", 15), ("assessment", 120), ("stage_update", 540), ("approval", 240)):
        policy_create(actor=None, system=True, name=metric, metric=metric, kind="complaint", target_minutes=minutes,
                      now=at(1, 0), recompute=False)


def clock(ticket, metric):
    return TicketClock.objects.get(ticket=ticket, metric=metric, transfer__isnull=True)


def test_complaint_clocks_follow_the_loop(complaint_policies, agent, other_agent, lead, customer, category, logistics):
    install_default_chain(logistics)
    complaint = complaint_create(actor=agent, customer=customer, category=category, title="破损", channel="hotline",
                                 desired_remedy="换货", now=at(2, 10))
    t = complaint.ticket
    assert clock(t, "acknowledgement").due_at == at(2, 10, 15)
    assert clock(t, "assessment").due_at == at(2, 12)
    assert clock(t, "stage_update").due_at == at(3, 10)  # 9 business hours later
    complaint_acknowledge(actor=agent, complaint=complaint, now=at(2, 10, 5))
    assert (clock(t, "acknowledgement").state, clock(t, "acknowledgement").stopped_at) == ("met", at(2, 10, 5))
    complaint_assess(actor=agent, complaint=complaint, severity="general", now=at(2, 13))
    assert clock(t, "assessment").state == "breached"

    complaint_stage_reply(actor=agent, complaint=complaint, body="核实中", now=at(3, 9))
    update = clock(t, "stage_update")
    assert (update.started_at, update.due_at, update.stopped_at) == (at(3, 9), at(3, 18), None)

    remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=at(3, 10))
    approval = clock(t, "approval")
    assert (approval.state, approval.due_at, approval.responsible_user_id) == ("running", at(3, 14), lead.pk)
    approval_approve(actor=lead, approval=complaint.remedies.get().approvals.get(), now=at(3, 11))
    assert (clock(t, "approval").state, clock(t, "approval").stopped_at) == ("met", at(3, 11))

    complaint_final_reply(actor=agent, complaint=complaint, body="补偿300元", caller=other_agent, now=at(3, 12))
    assert clock(t, "stage_update").state == "met"
    assert clock(t, "callback").state == "running"
    callback_attempt_record(actor=other_agent, task=complaint.callbacks.get(), outcome="reached", solved=True,
                            first_contact=False, satisfaction=5, now=at(3, 15))
    cb = clock(t, "callback")
    assert (cb.state, cb.stopped_at) == ("met", at(3, 15))


def test_finance_head_approval_runs_on_the_finance_calendar(complaint_policies, agent, manager, customer, category,
                                                            logistics, calendars):
    head = make_staff(Role.DEPT_HEAD, logistics, username="lhead")
    logistics.head = head
    logistics.save()
    install_default_chain(logistics)  # the top level is this department's head (08:00–12:00)
    complaint = complaint_create(actor=agent, customer=customer, category=category, title="丢件", channel="hotline",
                                 desired_remedy="全额赔偿", now=at(2, 10))
    remedy_propose(actor=manager, complaint=complaint, kind="compensation", amount="5000", now=at(2, 11))
    approval = clock(complaint.ticket, "approval")
    assert approval.responsible_user_id == head.pk and approval.calendar_id == calendars["logistics"].pk
    assert approval.due_at == at(3, 11)  # 1 h left on Monday (11–12), 3 h on Tuesday from 08:00


def test_an_overdue_approval_escalates_through_the_sweep(complaint_policies, agent, lead, manager, customer,
                                                         category, logistics, center):
    from sla.models import Breach, SlaPolicy
    from sla.services.sweep import sla_sweep
    from tests.sla.clock_fixtures import ladder
    from tickets.models import Notification

    center.head = manager
    center.save()
    ladder(SlaPolicy.objects.get(metric="approval"))
    install_default_chain(logistics)
    complaint = complaint_create(actor=agent, customer=customer, category=category, title="破损", channel="hotline",
                                 desired_remedy="赔偿", now=at(2, 10))
    remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="300", now=at(2, 10))
    approval = clock(complaint.ticket, "approval")
    assert approval.due_at == at(2, 14) and approval.responsible_user_id == lead.pk
    Notification.objects.all().delete()
    sla_sweep(now=at(2, 14, 1))
    assert Breach.objects.filter(clock=approval).exists()
    assert Notification.objects.filter(recipient=lead).exists()  # level 2: team leads
    sla_sweep(now=at(2, 14, 30))
    assert Notification.objects.filter(recipient=manager).exists()  # level 3: managers

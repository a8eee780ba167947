"""Appeal paths (file → uphold / waive / reduce / withdraw), the appeal window, who may
file and decide, the month lock and adjustments booked in a later open month."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from reports.models import AgreementClose, AppealStatus, Violation
from reports.services import (
    adjustment_create,
    appeal_deadline,
    appeal_file,
    appeal_transition,
    month_close,
    month_lock,
)
from slacenter.errors import Conflict, DomainError
from tests.factories import make_staff
from tickets.models import Role

from .conftest import CLOSE_NOW, SH, reply_month

pytestmark = pytest.mark.django_db
LATER = CLOSE_NOW + timedelta(days=2)


@pytest.fixture
def closed(agreement, logistics, people, delivery):
    reply_month(month=3, met=8, breached=2, department=logistics, people=people, category=delivery)
    month = month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    return month


def violation(kind="breached_reply", n=0):
    return Violation.objects.filter(kind=kind).order_by("occurred_at", "id")[n]


def test_head_appeals_manager_waives(closed, people):
    v = violation()
    appeal = appeal_file(actor=people["head"], violation=v, reason="系统故障导致无法回复", evidence="INC-1", now=LATER)
    assert appeal.status == AppealStatus.PENDING
    with pytest.raises(DomainError):  # the penalised side does not decide its own appeal
        appeal_transition(actor=people["head"], appeal=appeal, action="waive", reason="x", now=LATER)
    with pytest.raises(DomainError):  # a decision needs a reason
        appeal_transition(actor=people["manager"], appeal=appeal, action="waive", reason="", now=LATER)
    appeal = appeal_transition(actor=people["manager"], appeal=appeal, action="waive", reason="故障已核实",
                               now=LATER)
    assert (appeal.status, appeal.decided_by, appeal.decided_at) == ("waived", people["manager"], LATER)
    v.refresh_from_db()
    assert v.final_amount == Decimal("0.00") and v.amount == Decimal("1000.00")
    assert AgreementClose.objects.get().penalty_total == Decimal("2000.00")
    with pytest.raises(Conflict):  # decided: no further move
        appeal_transition(actor=people["manager"], appeal=appeal, action="uphold", reason="x", now=LATER)


def test_reduce_and_uphold(closed, people):
    first = appeal_file(actor=people["staff"], violation=violation(n=0), reason="客户未接电话", now=LATER)
    second = appeal_file(actor=people["head"], violation=violation(n=1), reason="节假日", now=LATER)
    appeal_transition(actor=people["manager"], appeal=first, action="reduce", amount="300", reason="部分属实",
                      now=LATER)
    appeal_transition(actor=people["manager"], appeal=second, action="uphold", reason="不属实", now=LATER)
    assert violation(n=0).final_amount == Decimal("300.00")
    assert violation(n=1).final_amount == Decimal("1000.00")
    with pytest.raises(DomainError):
        third = appeal_file(actor=people["head"], violation=violation("missed_indicator"), reason="r", now=LATER)
        appeal_transition(actor=people["manager"], appeal=third, action="reduce", amount="1000", reason="r",
                          now=LATER)


def test_who_may_appeal_and_the_window(closed, people, center):
    v = violation()
    agent = make_staff(Role.AGENT, center, username="agent_x")
    with pytest.raises(DomainError):
        appeal_file(actor=agent, violation=v, reason="r", now=LATER)
    with pytest.raises(DomainError):
        appeal_file(actor=people["head"], violation=v, reason="  ", now=LATER)
    assert appeal_deadline(v) == datetime(2026, 4, 11, tzinfo=SH)
    with pytest.raises(Conflict):
        appeal_file(actor=people["head"], violation=v, reason="r", now=datetime(2026, 4, 11, tzinfo=SH))
    appeal_file(actor=people["head"], violation=v, reason="r", now=LATER)
    with pytest.raises(Conflict):
        appeal_file(actor=people["head"], violation=v, reason="again", now=LATER)


def test_withdraw_only_by_filer(closed, people):
    appeal = appeal_file(actor=people["head"], violation=violation(), reason="r", now=LATER)
    with pytest.raises(DomainError):
        appeal_transition(actor=people["manager"], appeal=appeal, action="withdraw", now=LATER)
    appeal = appeal_transition(actor=people["head"], appeal=appeal, action="withdraw", now=LATER)
    assert appeal.status == "withdrawn" and violation().final_amount == Decimal("1000.00")


def test_rerun_keeps_decided_appeals(closed, people, logistics):
    from sla.models import Breach

    v = violation()
    appeal = appeal_file(actor=people["head"], violation=v, reason="r", now=LATER)
    appeal_transition(actor=people["manager"], appeal=appeal, action="waive", reason="ok", now=LATER)
    # The breach disappears (e.g. a replay found the reply in time): the decided row stays, marked.
    Breach.objects.filter(pk=int(v.key.split(":")[1])).delete()
    month_close(month=date(2026, 3, 1), system=True, now=LATER)
    v.refresh_from_db()
    assert v.final_amount == 0 and v.current is False and v.appeal.status == "waived"
    assert Violation.objects.filter(kind="breached_reply", current=True).count() == 1


def test_lock_waits_for_pending_appeals_then_freezes(closed, people):
    appeal = appeal_file(actor=people["head"], violation=violation(), reason="r", now=LATER)
    with pytest.raises(Conflict):
        month_lock(actor=people["manager"], month=closed, now=LATER)
    with pytest.raises(DomainError):
        month_lock(actor=people["head"], month=closed, now=LATER)
    appeal_transition(actor=people["manager"], appeal=appeal, action="waive", reason="ok", now=LATER)
    month = month_lock(actor=people["manager"], month=closed, now=LATER)
    assert month.is_locked and month.locked_by == people["manager"]
    with pytest.raises(Conflict):
        appeal_file(actor=people["head"], violation=violation(n=1), reason="late", now=LATER)
    with pytest.raises(Conflict):
        month_lock(actor=people["manager"], month=month, now=LATER)


def test_adjustment_in_a_later_open_month(closed, people):
    v = violation()
    with pytest.raises(Conflict):  # open month: re-run or appeal instead
        adjustment_create(actor=people["manager"], original=v, month=date(2026, 4, 1), amount="-1000", reason="r",
                          now=LATER)
    month_lock(actor=people["manager"], month=closed, now=LATER)
    with pytest.raises(DomainError):
        adjustment_create(actor=people["manager"], original=v, month=date(2026, 3, 1), amount="-1000", reason="r",
                          now=LATER)
    with pytest.raises(DomainError):
        adjustment_create(actor=people["manager"], original=v, month=date(2026, 4, 1), amount="-1500", reason="r",
                          now=LATER)
    adjustment = adjustment_create(actor=people["manager"], original=v, month=date(2026, 4, 9), amount="-1000",
                                   reason="复核后撤销", now=LATER)
    assert adjustment.month.month == date(2026, 4, 1) and adjustment.original == v
    v.refresh_from_db()
    assert v.final_amount == Decimal("1000.00")  # the locked month itself is untouched


def test_notices_on_close_appeal_and_decision(agreement, logistics, people, delivery,
                                              django_capture_on_commit_callbacks):
    from tickets.models import Notification

    reply_month(month=3, met=8, breached=2, department=logistics, people=people, category=delivery)
    with django_capture_on_commit_callbacks(execute=True):
        month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    with django_capture_on_commit_callbacks(execute=True):
        month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)  # a re-run notifies nobody again
    assert Notification.objects.filter(recipient=people["head"], key__startswith="reports.close.").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_file(actor=people["head"], violation=violation(), reason="r", now=LATER)
    assert Notification.objects.filter(recipient=people["manager"], key=f"reports.appeal.{appeal.pk}.filed").exists()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_transition(actor=people["manager"], appeal=appeal, action="waive", reason="ok", now=LATER)
    assert Notification.objects.filter(recipient=people["head"], key=f"reports.appeal.{appeal.pk}.decided").exists()

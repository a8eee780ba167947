"""A hand-computed March 2026 under the seed's sample agreement (物流部 ↔ 客服中心).

Department replies of 物流部 due in March: 18 in time, 2 late → 90 % < 95 % → missed
(party A) → ¥1,000 to the logistics head; each late reply → ¥1,000 to the staff member
holding it at the due instant. First responses: 49 of 50 → 98 % ≥ 98 % met (exactly on
the line). Resolution: 9 of 10 → 90 % ≥ 90 % met. Channel complaints: 3 on hotline /
webchat / wechat (an e-mail one does not count) against 5,000 + 2,500 orders → 0.04 % ≤
0.04 % met. CSAT: not measured (the complaint loop's counts are left out here). Major incidents:
none in the quarter → 0 ≤ 0 met (evaluated in March, the quarter's last month).
Accountability: a finding against 物流部 naming logistics_staff2, confirmed by the head in March →
¥1,000 to logistics_staff2 (the 甲方 confirmed-finding clause); one disputed and overturned by the
manager, and one confirmed but recorded in February → nothing."""

from datetime import date
from decimal import Decimal

import pytest

from reports.models import AgreementClose, CriterionResult, IndicatorResult, ReportMonth, Violation
from reports.services import month_close, order_count_set
from slacenter.errors import Conflict, DomainError
from tests.factories import TicketFactory

from .conftest import CLOSE_NOW, at, make_clock, make_finding, reply_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(agreement, logistics, center, people, delivery, agent, monkeypatch):
    import complaints.selectors

    # This month is computed by hand without the complaint loop's figures (they have
    # their own test, test_complaint_figures.py).
    monkeypatch.delattr(complaints.selectors, "callback_figures_between", raising=False)
    reply_month(month=3, met=18, breached=2, department=logistics, people=people, category=delivery)
    # Outside March or not decided: never counted.
    make_clock(metric="department_reply", due=at(4, 1, 9), state="met", department=logistics, category=delivery)
    make_clock(metric="department_reply", due=at(3, 20), state="cancelled", department=logistics,
               category=delivery)
    make_clock(metric="department_reply", due=at(2, 27), state="breached", department=logistics,
               person=people["staff"], category=delivery)
    for i in range(49):
        make_clock(metric="first_response", due=at(3, 2 + i % 20), state="met", department=center,
                   category=delivery)
    make_clock(metric="first_response", due=at(3, 30), state="breached", department=center, category=delivery)
    for i in range(9):
        make_clock(metric="resolution", due=at(3, 5 + i), state="met", department=center, category=delivery)
    make_clock(metric="resolution", due=at(3, 25), state="breached", department=center, category=delivery)
    for channel in ("hotline", "webchat", "wechat", "email"):
        TicketFactory(kind="complaint", channel=channel, category=delivery, created_at=at(3, 15))
    TicketFactory(kind="complaint", channel="hotline", category=delivery, created_at=at(4, 1, 1))
    manager = people["manager"]
    order_count_set(actor=manager, month=date(2026, 3, 1), channel="hotline", orders=5000, now=CLOSE_NOW)
    order_count_set(actor=manager, month=date(2026, 3, 1), channel="webchat", orders=2500, now=CLOSE_NOW)
    order_count_set(actor=manager, month=date(2026, 3, 1), channel="email", orders=99999, now=CLOSE_NOW)
    answers = {"head": people["head"], "manager": manager, "actor": agent, "category": delivery,
               "department": logistics}
    make_finding(recorded=at(3, 18), person=people["staff2"], answer="confirm", **answers)
    make_finding(recorded=at(3, 19), person=people["staff"], answer="overturned", **answers)
    make_finding(recorded=at(2, 26), person=people["staff"], answer="confirm", **answers)
    return agreement


def results(close):
    return {r.metric: r for r in close.indicator_results.all()}


def test_hand_computed_march(march, people, logistics, center):
    month = month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    close = AgreementClose.objects.get(month=month, version=march)
    got = results(close)

    reply = got["department_reply_timeliness"]
    assert (reply.numerator, reply.denominator, reply.actual) == (18, 20, Decimal("90.0000"))
    assert (reply.target, reply.met, reply.party) == (Decimal("95"), False, "A")
    assert reply.responsible_person == people["head"]

    first = got["first_response_compliance"]
    assert (first.numerator, first.denominator, first.actual, first.met) == (49, 50, Decimal("98.0000"), True)
    resolution = got["resolution_compliance"]
    assert (resolution.numerator, resolution.denominator, resolution.met) == (9, 10, True)

    complaints = got["channel_complaints_per_orders"]
    assert (complaints.numerator, complaints.denominator) == (3, 7500)
    assert complaints.actual == Decimal("0.0400") and complaints.met is True

    assert got["csat"].met is None and got["csat"].note  # says why it is not measured
    incidents = got["major_incidents"]
    assert (incidents.period_start, incidents.period_end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (incidents.actual, incidents.met) == (Decimal("0"), True)

    criteria = {c.code: c for c in close.criteria.all()}
    assert criteria[CriterionResult.Code.INDICATORS_MISSED].actual == 1
    assert criteria[CriterionResult.Code.INDICATORS_MISSED].met is False
    assert criteria[CriterionResult.Code.CHANNEL_COMPLAINTS].met is True
    assert criteria[CriterionResult.Code.MAJOR_INCIDENTS].met is True
    assert close.achieved is False and close.indicators_missed == 1

    violations = list(close.violations.order_by("kind", "occurred_at"))
    assert [(v.kind, v.party, v.department, v.person, v.amount) for v in violations] == [
        ("breached_reply", "A", logistics, people["staff"], Decimal("1000.00")),
        ("breached_reply", "A", logistics, people["staff2"], Decimal("1000.00")),
        ("confirmed_finding", "A", logistics, people["staff2"], Decimal("1000.00")),
        ("missed_indicator", "A", logistics, people["head"], Decimal("1000.00")),
    ]
    assert violations[0].occurred_at == at(3, 11, 10) and violations[0].ticket_id and violations[0].clock_id
    finding = violations[2]
    assert finding.occurred_at == at(3, 18) and finding.ticket.complaint.finding.status == "confirmed"
    assert violations[3].indicator_result == reply
    assert close.penalty_total == Decimal("4000.00")


def snapshot():
    return (
        sorted(AgreementClose.objects.values_list("id", "version_id", "achieved", "indicators_missed",
                                                  "penalty_total")),
        sorted(IndicatorResult.objects.values_list("id", "indicator_id", "numerator", "denominator", "actual",
                                                   "target", "met")),
        sorted(CriterionResult.objects.values_list("id", "code", "actual", "met")),
        sorted(Violation.objects.values_list("id", "key", "person_id", "amount", "final_amount", "current")),
    )


def test_close_twice_gives_the_same_rows(march):
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    once = snapshot()
    month_close(month=date(2026, 3, 15), system=True, now=CLOSE_NOW)
    assert snapshot() == once
    assert ReportMonth.objects.get().close_runs == 2


def test_rerun_follows_corrected_data(march, logistics, people, delivery):
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    # Two more late replies come to light (a clock replayed after a calendar fix).
    reply_month(month=3, met=0, breached=2, department=logistics, people=people, category=delivery, day=20)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    close = AgreementClose.objects.get()
    assert results(close)["department_reply_timeliness"].denominator == 22
    assert close.violations.filter(kind="breached_reply").count() == 4
    assert close.penalty_total == Decimal("6000.00")


def test_month_not_ended_and_permissions(march, people):
    with pytest.raises(DomainError):
        month_close(month=date(2026, 4, 1), system=True, now=CLOSE_NOW)
    with pytest.raises(DomainError):
        month_close(month=date(2026, 3, 1), actor=people["head"], now=CLOSE_NOW)
    month_close(month=date(2026, 3, 1), actor=people["manager"], now=CLOSE_NOW)


def test_locked_month_refuses_a_rerun(march, people):
    from reports.services import month_lock

    month = month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    month_lock(actor=people["manager"], month=month, now=CLOSE_NOW)
    with pytest.raises(Conflict):
        month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)


def test_named_responsible_person_is_charged_for_a_missed_indicator(march, people, logistics):
    from reports.services import indicator_owner_set
    from sla.models import Indicator

    indicator = Indicator.objects.get(version=march, metric="department_reply_timeliness")
    with pytest.raises(DomainError):  # the center's manager is not in 物流部
        indicator_owner_set(actor=people["head"], indicator=indicator, person=people["manager"], now=CLOSE_NOW)
    indicator_owner_set(actor=people["head"], indicator=indicator, person=people["staff2"], now=CLOSE_NOW)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    violation = Violation.objects.get(kind="missed_indicator")
    assert violation.person == people["staff2"]
    assert violation.indicator_result.responsible_person == people["staff2"]


def test_center_without_head_answers_through_its_manager(march, people, center):
    from sla.models import Indicator

    center.head = None
    center.save()
    Indicator.objects.filter(version=march, metric="first_response_compliance").update(target=Decimal("99"))
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    violation = Violation.objects.get(kind="missed_indicator", party="B")
    assert violation.person == people["manager"] and violation.department == center

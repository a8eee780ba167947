"""Both pay methods on a hand-computed month, and the monthly computation with its
lock."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from qa.models import AgentPerformance, PerformanceMonth, QaPolicy
from qa.pay import AgentMonth, amount_method, points_method
from qa.policy import DEFAULTS, policy_get
from qa.services.evaluations import evaluation_create, evaluation_save_draft, evaluation_transition
from qa.services.performance import agent_input_set, performance_compute, performance_lock
from qa.services.praise import praise_record
from slacenter.errors import Conflict, DomainError

from .conftest import PERFECT, make_call

D = Decimal


def month_of_three():
    return [
        # QA 92, 120 handled, satisfaction 4.6, test 90, attendance 100, one praise (+2)
        AgentMonth(1, qa_average=D("92"), qa_count=8, handled=120, satisfaction=D("4.6"), test_score=D("90"),
                   attendance_score=D("100"), praises=1, praise_points=D("2")),
        # QA 70 with one fatal error and two low scores, 100 handled, satisfaction 4.0, 1 absence, 2 late
        AgentMonth(2, qa_average=D("70"), qa_count=8, fatal_errors=1, low_scores=2, handled=100,
                   satisfaction=D("4.0"), test_score=D("80"), attendance_score=D("90"), absences=1, late_arrivals=2),
        # no test score entered: its weight is left out and the rest rescaled
        AgentMonth(3, qa_average=D("85"), qa_count=8, handled=80, satisfaction=D("3.0"), attendance_score=D("100")),
    ]


def test_points_method_by_hand():
    out = {o.agent_id: o for o in points_method(month_of_three(), DEFAULTS["points"])}
    # Agent 1: median handled 100 → productivity 100 (capped); satisfaction (4.6−1)/4 = 90.
    # 0.4×92 + 0.2×100 + 0.2×90 + 0.1×90 + 0.1×100 = 36.8+20+18+9+10 = 93.8; +2 praise = 95.80 → A (1.2) → 1200.
    assert (out[1].score, out[1].band, out[1].pay, out[1].rank) == (D("95.80"), "A", D("1200.00"), 1)
    # Agent 2: 0.4×70 + 0.2×100 + 0.2×75 + 0.1×80 + 0.1×90 = 28+20+15+8+9 = 80; −5 fatal = 75.00 → C → 800.
    assert (out[2].score, out[2].band, out[2].pay) == (D("75.00"), "C", D("800.00"))
    # Agent 3: productivity 80, satisfaction 50, no test: weights 40/20/20/10 over 90:
    # (40×85 + 20×80 + 20×50 + 10×100)/90 = (3400+1600+1000+1000)/90 = 77.78 → C.
    assert (out[3].score, out[3].band, out[3].rank) == (D("77.78"), "C", 2)
    lines = {line["key"]: line for line in out[3].lines}
    assert lines["test"]["amount"] is None and lines["qa"]["weight"] == "44.44"
    assert sum(D(lines[k]["amount"]) for k in ("qa", "productivity", "satisfaction", "attendance")) == D("77.78")


def test_amount_method_by_hand():
    out, pool = amount_method(month_of_three(), DEFAULTS["amount"])
    out = {o.agent_id: o for o in out}
    # Agent 2 deducted: fatal 200 + 2 low × 50 + absence 100 + 2 late × 20 = 440 → pool 440.
    assert pool == D("440.00")
    # Awards: QA average top 1 → agent 1 gets 220; handled top 1 → agent 1 gets 132;
    # satisfaction top 1 → agent 1 gets 88. Agent 1: 1000 + 440 = 1440.
    assert out[1].pay == D("1440.00") and out[2].pay == D("560.00") and out[3].pay == D("1000.00")
    assert [o.rank for o in sorted(out.values(), key=lambda o: o.agent_id)] == [1, 3, 2]
    assert sum(o.pay for o in out.values()) == 3 * D("1000")  # the pool is handed out, nothing lost


def test_amount_method_ties_share():
    agents = [AgentMonth(1, qa_average=D("90"), fatal_errors=1), AgentMonth(2, qa_average=D("95")),
              AgentMonth(3, qa_average=D("95"))]
    rules = {**DEFAULTS["amount"], "awards": [{"figure": "qa_average", "share": "1", "top": 1}]}
    out, pool = amount_method(agents, rules)
    pay = {o.agent_id: o.pay for o in out}
    assert pool == D("200.00") and pay == {1: D("800.00"), 2: D("1100.00"), 3: D("1100.00")}


def test_month_computation_reruns_until_locked(voice_card, qa_user, agent, other_agent, lead, manager):
    november = datetime(2026, 11, 10, 2, tzinfo=UTC)
    for n, answers in enumerate([PERFECT, {**PERFECT, "tone": 3}]):
        evaluation = evaluation_create(actor=qa_user, contact=make_call(agent, n, at=november, satisfaction=5),
                                       now=november)
        evaluation_save_draft(actor=qa_user, evaluation=evaluation, answers=answers, now=november)
        evaluation_transition(actor=qa_user, evaluation=evaluation, action="submit", now=november)
    agent_input_set(actor=lead, agent=agent, month=date(2026, 11, 1), test_score=D("90"),
                    attendance_score=D("100"), now=november)
    praise_record(actor=lead, agent=agent, source="lead", evidence="客户来电表扬耐心", now=november)
    with pytest.raises(DomainError):
        praise_record(actor=lead, agent=agent, source="lead", evidence="  ", now=november)
    with pytest.raises(DomainError):
        performance_compute(actor=agent, month=date(2026, 11, 1), now=november)
    record = performance_compute(actor=qa_user, month=date(2026, 11, 1), now=november)
    row = AgentPerformance.objects.get(performance_month=record, agent=agent)
    facts = row.lines[0]["facts"]
    assert facts["qa_average"] == "95.00" and facts["handled"] == 2 and facts["praises"] == 1
    # QA 95, productivity 100 (the only agent with contacts), satisfaction 100, test 90, attendance 100:
    # 38 + 20 + 20 + 9 + 10 = 97 + 2 praise = 99 → band A.
    assert (row.score, row.band) == (D("99.00"), "A")
    assert AgentPerformance.objects.filter(performance_month=record).count() == 2
    policy = policy_get()
    policy.method = QaPolicy.Method.AMOUNT
    policy.save()
    again = performance_compute(actor=qa_user, month=date(2026, 11, 1), now=november)
    assert again.pk == record.pk and again.method == "amount"
    assert AgentPerformance.objects.filter(performance_month=record).count() == 2
    performance_lock(actor=manager, month=date(2026, 11, 1), now=november)
    with pytest.raises(Conflict):
        performance_compute(actor=qa_user, month=date(2026, 11, 1), now=november)
    with pytest.raises(Conflict):
        agent_input_set(actor=lead, agent=agent, month=date(2026, 11, 1), test_score=D("50"), now=november)
    assert PerformanceMonth.objects.get().status == "locked"


def test_policy_update_refuses_unusable_rules(manager, lead):
    from qa.services.scorecards import policy_update

    with pytest.raises(DomainError):
        policy_update(actor=manager, method="points", rules={"points": {"weights": {"qa": "lots"}}})
    with pytest.raises(DomainError):
        policy_update(actor=manager, method="points", rules={"nonsense": 1})
    with pytest.raises(DomainError):
        policy_update(actor=lead, method="amount", rules={})
    policy = policy_update(actor=manager, method="amount", rules={"dispute_days": 5})
    assert policy.method == "amount" and policy.rules == {"dispute_days": 5}


def test_tasks_compute_the_month_until_it_is_locked(voice_card, qa_user, agent, manager):
    from qa.tasks import compute_month, expire_evaluations

    assert compute_month.apply(kwargs={"month": "2026-11-01"}).get() == "computed"
    assert AgentPerformance.objects.filter(performance_month__month=date(2026, 11, 1), agent=agent).exists()
    performance_lock(actor=manager, month=date(2026, 11, 1))
    assert compute_month.apply(kwargs={"month": "2026-11-01"}).get() == "locked"
    assert expire_evaluations.apply().get() == 0

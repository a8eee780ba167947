"""Sampling: reproducible from its seed, spread over the weeks, weighted, extra
samples for low scorers, balanced across QA specialists, never an exempt star."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from qa.draw import Candidate, balance, draw
from qa.models import ExemptStar, Sample
from qa.services.evaluations import evaluation_create, evaluation_save_draft, evaluation_transition
from qa.services.sampling import exempt_stars_compute, sampling_plan_draw, sampling_plan_verify
from slacenter.errors import Conflict
from tests.factories import make_staff
from tickets.models import Role

from .conftest import PERFECT, make_call

MONTH = date(2026, 11, 1)


def test_draw_is_reproducible_and_spread_over_weeks():
    candidates = {(1, "voice"): [Candidate(i, 1 + i % 4) for i in range(100)],
                  (2, "voice"): [Candidate(1000 + i, 1 + i % 4) for i in range(100)]}
    quotas = {(1, "voice"): (8, 0), (2, "voice"): (8, 2)}
    first = draw(candidates, quotas, seed=42)
    assert first == draw(candidates, quotas, seed=42)
    assert first != draw(candidates, quotas, seed=43)
    assert Counter(d.week for d in first if d.agent_id == 1) == {1: 2, 2: 2, 3: 2, 4: 2}
    assert Counter(d.reason for d in first if d.agent_id == 2) == {"regular": 8, "extra": 2}
    # Another agent joining does not change agent 1's draw.
    more = {**candidates, (3, "voice"): [Candidate(5000, 1)]}
    assert [d for d in draw(more, {**quotas, (3, "voice"): (8, 0)}, 42) if d.agent_id == 1] == [
        d for d in first if d.agent_id == 1]


def test_weights_make_heavy_contacts_likelier():
    candidates = {(1, "voice"): [Candidate(i, 1, 5.0 if i < 10 else 1.0) for i in range(100)]}
    hits = sum(1 for seed in range(300) for d in draw(candidates, {(1, "voice"): (1, 0)}, seed) if d.contact_id < 10)
    # 10 heavy of weight 5 against 90 of weight 1: p = 50/140 ≈ 0.36 (uniform would be 0.10).
    assert 80 < hits < 140


def test_balance_across_specialists_never_self():
    drawn = draw({(a, "voice"): [Candidate(a * 100 + i, 1) for i in range(10)] for a in (1, 2, 3)},
                 {(a, "voice"): (4, 0) for a in (1, 2, 3)}, seed=1)
    assignees = balance(drawn, [7, 8, 2])
    assert Counter(assignees) == {7: 4, 8: 4, 2: 4}
    assert all(s != d.agent_id for s, d in zip(assignees, drawn, strict=True))


def test_plan_from_the_database(voice_card, qa_user, qa_user2, agent, other_agent, settings):
    start = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    for n in range(40):
        make_call(agent, n, at=start + timedelta(days=n % 28, minutes=n))
        make_call(other_agent, 100 + n, at=start + timedelta(days=n % 28, minutes=n))
    # other_agent is last month's exempt star → never sampled.
    ExemptStar.objects.create(month=MONTH, earned_month=date(2026, 10, 1), agent=other_agent,
                              average=Decimal("98"), evaluations=5, computed_at=start)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    plan = sampling_plan_draw(actor=qa_user, month=MONTH, seed=7, now=now)
    samples = list(plan.samples.all())
    assert len(samples) == 8 and {s.agent_id for s in samples} == {agent.pk}
    assert Counter(s.assignee_id for s in samples) == {qa_user.pk: 4, qa_user2.pk: 4}
    assert sampling_plan_verify(plan)
    with pytest.raises(Conflict):
        sampling_plan_draw(actor=qa_user, month=MONTH, now=now)
    # The redraw ignores contacts imported after the plan.
    make_call(agent, 999, at=start).__class__.objects.filter(external_id="t999").update(
        imported_at=now + timedelta(hours=1))
    assert sampling_plan_verify(plan)
    Sample.objects.filter(plan=plan).first().delete()
    assert not sampling_plan_verify(plan)


def test_exempt_star_rule(voice_card, qa_user, agent, other_agent, center):
    third = make_staff(Role.AGENT, center, username="agent3")
    october = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)

    def scored(who, n, answers):
        evaluation = evaluation_create(actor=qa_user, contact=make_call(who, n, at=october), now=october)
        evaluation_save_draft(actor=qa_user, evaluation=evaluation, answers=answers, now=october)
        evaluation_transition(actor=qa_user, evaluation=evaluation, action="submit", now=october)

    for n in range(4):
        scored(agent, n, PERFECT)                                   # 4 × 100 → star
        scored(other_agent, 10 + n, PERFECT if n else {**PERFECT, "rude": 0})  # a fatal error → no star
    for n in range(3):
        scored(third, 20 + n, PERFECT)                              # only 3 evaluations → no star
    stars = exempt_stars_compute(month=MONTH, now=october)
    assert [s.agent for s in stars] == [agent]
    assert exempt_stars_compute(month=MONTH, now=october)[0].pk == stars[0].pk  # idempotent

"""QA end to end in Chromium: the QA specialist draws the month's sample and scores a
sampled call by keyboard with one fatal item; the agent sees 0 and disputes; the
lead changes the score; the recomputed month shows the agent's new performance."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from qa.models import Evaluation
from qa.services.scorecards import scorecard_create
from tests.browser.session import login, logout
from tests.factories import ServiceCenterFactory, make_staff
from tests.qa.conftest import VOICE_CARD, make_call
from tickets.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup_data(transactional_db):
    center = ServiceCenterFactory()
    agent = make_staff(Role.AGENT, center, username="agent", first_name="小王")
    lead = make_staff(Role.TEAM_LEAD, center, username="lead", first_name="班长")
    qa = make_staff(Role.QA_SPECIALIST, center, username="qa", first_name="质检")
    scorecard_create(actor=qa, name="语音质检", name_en="Voice QA", channel_kind="voice", definition=VOICE_CARD)
    now = timezone.now()
    start = timezone.localtime(now).replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    for n in range(3):
        make_call(agent, n, at=min(start + timedelta(hours=n), now - timedelta(minutes=30)), satisfaction=5)
    return {"agent": agent, "lead": lead, "qa": qa}


def my_score(page, base):
    page.goto(f"{base}/qa/performance/")
    return page.locator("[data-testid=my-score]").inner_text()


def test_fatal_dispute_change_and_performance(page, live_server, setup_data, shots):
    base = live_server.url
    login(page, base, "qa")
    page.goto(f"{base}/qa/samples/")
    page.click("[data-testid=draw]")
    page.wait_for_selector("[data-testid=samples]")
    page.locator("[data-testid=evaluate]").first.click()
    page.wait_for_url(re.compile(r"/qa/evaluations/\d+/$"))
    page.wait_for_selector(".qa-item.qa-current")
    # Keyboard scoring: greeting yes, tone 5, rude → 0 (fatal), verify yes, answer 2, bonus N/A.
    for key in ["1", "5", "0", "1", "2", "n"]:
        page.keyboard.press(key)
    assert page.locator("input[name=item-rude][value='0']").is_checked()
    page.screenshot(path=str(shots / "qa-scoring.png"), full_page=True)
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=score]")
    assert "0.00" in page.locator("[data-testid=score]").inner_text()
    assert page.locator(".badge.qa-fatal").count() >= 1
    evaluation = Evaluation.objects.get()
    assert evaluation.status == "submitted" and evaluation.fatal
    page.goto(f"{base}/qa/performance/")
    page.click("[data-testid=compute]")
    page.wait_for_selector(".flash-success")
    logout(page)

    login(page, base, "agent")
    # QA 0 (weight 40), productivity 100 (20), satisfaction 100 (20) → 50, minus the fatal penalty 5.
    assert my_score(page, base) == "45.00"
    assert page.locator("[data-testid=breakdown]").inner_text().count("-5.00") == 1  # fatal penalty line
    page.goto(f"{base}/qa/")
    page.locator("[data-testid=evaluations] a").first.click()
    page.fill("[data-testid=reason-dispute]", "录音里我没有顶撞客户，请复听")
    page.click("[data-testid=move-dispute]")
    page.wait_for_selector("[data-testid=status]")
    assert Evaluation.objects.get().status == "disputed"
    logout(page)

    login(page, base, "lead")
    page.goto(f"{base}/qa/disputes/")
    page.locator("[data-testid=disputes] a").first.click()
    page.fill("[data-testid=review-reason]", "复听录音，未发现顶撞")
    page.click("details.qa-change summary")
    page.locator("details.qa-change input[name=item-rude][value='1']").check()
    page.screenshot(path=str(shots / "qa-review.png"), full_page=True)
    page.click("[data-testid=move-change]")
    page.wait_for_selector("[data-testid=score]")
    evaluation = Evaluation.objects.get()
    assert evaluation.status == "reviewed" and evaluation.score > 0 and not evaluation.fatal
    assert evaluation.original_score == 0
    logout(page)

    login(page, base, "qa")
    page.goto(f"{base}/qa/performance/")
    page.click("[data-testid=compute]")
    page.wait_for_selector(".flash-success")
    logout(page)

    login(page, base, "agent")
    assert my_score(page, base) == "100.00"
    assert "-5.00" not in page.locator("[data-testid=breakdown]").inner_text()
    page.screenshot(path=str(shots / "qa-performance.png"), full_page=True)

"""QA fixtures: a QA specialist, a voice scorecard, answered calls of two agents."""

from datetime import UTC, datetime, timedelta

import pytest

from qa.services.scorecards import scorecard_create
from tests.factories import make_staff
from tickets.models import ContactRecord, Role

NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)

VOICE_CARD = {"sections": [
    {"key": "etiquette", "name": "服务礼仪", "name_en": "Service etiquette", "items": [
        {"key": "greeting", "name": "标准开头语", "points": 10, "scale": "yes_no", "na_allowed": True},
        {"key": "tone", "name": "语气语速", "points": 20, "scale": "five"},
        {"key": "rude", "name": "辱骂客户", "points": 10, "scale": "yes_no", "fatal": True},
    ]},
    {"key": "solving", "name": "解决问题能力", "name_en": "Problem solving", "items": [
        {"key": "verify", "name": "核实身份", "points": 20, "scale": "yes_no", "critical": True},
        {"key": "answer", "name": "答复准确", "points": 40, "scale": "three"},
    ]},
    {"key": "bonus", "name": "加分", "items": [
        {"key": "extra_mile", "name": "超出期望", "points": 5, "scale": "yes_no", "bonus": True, "na_allowed": True},
    ]},
]}
PERFECT = {"greeting": 1, "tone": 5, "rude": 1, "verify": 1, "answer": 2, "extra_mile": "na"}


@pytest.fixture
def qa_user(center):
    return make_staff(Role.QA_SPECIALIST, center, username="qa")


@pytest.fixture
def qa_user2(center):
    return make_staff(Role.QA_SPECIALIST, center, username="qa2")


@pytest.fixture
def voice_card(qa_user):
    return scorecard_create(actor=qa_user, name="语音质检", name_en="Voice QA", channel_kind="voice",
                            definition=VOICE_CARD, now=NOW)


def make_call(agent, n, *, at=None, satisfaction=None, ticket=None):
    at = at or NOW - timedelta(days=1)
    return ContactRecord.objects.create(
        source="pbx", external_id=f"t{n}", kind="call", channel="hotline", queue="售前", agent=agent,
        offered_at=at, answered_at=at + timedelta(seconds=10), ended_at=at + timedelta(minutes=5), wait_seconds=10,
        talk_seconds=250, wrap_seconds=40, satisfaction=satisfaction, ticket=ticket, imported_at=at,
        **ContactRecord.local_fields(at))


@pytest.fixture
def call(agent):
    return make_call(agent, 1)

"""QA API: the scenario through the command endpoints, 404 out of scope, 409 on an
illegal move, the export."""

import pytest
from rest_framework.test import APIClient

from qa.models import Evaluation

from .conftest import PERFECT


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def scored(voice_card, qa_user, call):
    qa = client_for(qa_user)
    created = qa.post("/api/v1/qa/evaluations/", {"contact": call.pk}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    answers = qa.post(f"/api/v1/qa/evaluations/{pk}/answers/", {"answers": {**PERFECT, "rude": 0}}, format="json")
    assert answers.json()["score"] == "0.00" and answers.json()["fatal"] is True
    submitted = qa.post(f"/api/v1/qa/evaluations/{pk}/transition/", {"action": "submit"}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    return pk


def test_dispute_and_review_through_the_api(scored, agent, other_agent, lead):
    mine = client_for(agent)
    assert client_for(other_agent).get(f"/api/v1/qa/evaluations/{scored}/").status_code == 404
    assert mine.post(f"/api/v1/qa/evaluations/{scored}/transition/", {"action": "submit"},
                     format="json").status_code == 403  # the evaluator's move
    no_reason = mine.post(f"/api/v1/qa/evaluations/{scored}/transition/", {"action": "dispute"}, format="json")
    assert no_reason.status_code == 400
    disputed = mine.post(f"/api/v1/qa/evaluations/{scored}/transition/",
                         {"action": "dispute", "reason": "没有辱骂"}, format="json")
    assert disputed.json()["status"] == "disputed"
    again = mine.post(f"/api/v1/qa/evaluations/{scored}/transition/", {"action": "acknowledge"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    leader = client_for(lead)
    assert [e["id"] for e in leader.get("/api/v1/qa/disputes/").json()["results"]] == [scored]
    changed = leader.post(f"/api/v1/qa/evaluations/{scored}/transition/",
                          {"action": "change", "reason": "复听", "answers": PERFECT}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["score"] == "100.00" and changed.json()["original_score"] == "0.00"
    assert Evaluation.objects.get(pk=scored).status == "reviewed"
    unknown = mine.post(f"/api/v1/qa/evaluations/{scored}/transition/", {"action": "expire"}, format="json")
    assert unknown.status_code == 400  # not a manual move


def test_performance_compute_list_and_export(scored, qa_user, agent, other_agent, manager):
    qa = client_for(qa_user)
    month = Evaluation.objects.get(pk=scored).month.strftime("%Y-%m")
    computed = qa.post("/api/v1/qa/performance/compute/", {"month": month}, format="json")
    assert computed.status_code == 200 and computed.json()["agents"] == 2
    rows = client_for(agent).get(f"/api/v1/qa/performance/?month={month}").json()
    assert [r["agent"]["id"] for r in rows] == [agent.pk]
    assert any(line["key"] == "fatal_penalty" for line in rows[0]["lines"])
    export = client_for(manager).get(f"/api/v1/qa/performance/export/?month={month}")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert qa.get("/api/v1/qa/performance/?month=2026-13").status_code == 400
    assert client_for(agent).post("/api/v1/qa/sampling-plans/", {"month": month}, format="json").status_code == 403

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


def test_planning_endpoints(voice_card, qa_user, qa_user2, manager, agent, lead, call):
    qa = client_for(qa_user)
    month = call.offered_at.strftime("%Y-%m")
    plan = qa.post("/api/v1/qa/sampling-plans/", {"month": month, "seed": 5}, format="json")
    assert plan.status_code == 201 and plan.json()["seed"] == 5
    assert qa.post("/api/v1/qa/sampling-plans/", {"month": month}, format="json").status_code == 409
    assert qa.post(f"/api/v1/qa/sampling-plans/{plan.json()['id']}/verify/").json()["reproduced"] is True
    samples = qa.get(f"/api/v1/qa/samples/?plan={plan.json()['id']}").json()
    assert samples["count"] == 1 and samples["results"][0]["contact"] == call.pk
    assert client_for(agent).get("/api/v1/qa/samples/").json()["count"] == 0
    assert client_for(agent).post(f"/api/v1/qa/sampling-plans/{plan.json()['id']}/verify/").status_code == 404

    session = client_for(manager).post("/api/v1/qa/calibrations/", {
        "title": "校准", "contact": call.pk, "participants": [qa_user.pk, qa_user2.pk]}, format="json")
    assert session.status_code == 201, session.content
    pk = session.json()["id"]
    assert qa.post(f"/api/v1/qa/calibrations/{pk}/score/", {"answers": PERFECT}, format="json").status_code == 200
    blind = client_for(qa_user2).get(f"/api/v1/qa/calibrations/{pk}/").json()
    assert blind["scores"] == [] and blind["results"] is None
    client_for(qa_user2).post(f"/api/v1/qa/calibrations/{pk}/score/", {"answers": {**PERFECT, "tone": 4}},
                              format="json")
    closed = client_for(manager).post(f"/api/v1/qa/calibrations/{pk}/close/").json()
    assert closed["results"]["people"][str(qa_user2.pk)]["alignment"] is not None
    assert client_for(agent).get(f"/api/v1/qa/calibrations/{pk}/").status_code == 404

    praise = client_for(lead).post("/api/v1/qa/praise/", {"agent": agent.pk, "source": "lead",
                                                          "evidence": "客户表扬"}, format="json")
    assert praise.status_code == 201 and praise.json()["points"] == "2.00"
    assert client_for(agent).post("/api/v1/qa/praise/", {"agent": agent.pk, "source": "lead",
                                                         "evidence": "自夸"}, format="json").status_code == 403
    assert client_for(lead).post("/api/v1/qa/praise/", {"agent": 999999, "source": "lead", "evidence": "x"},
                                 format="json").status_code == 404
    assert qa.get(f"/api/v1/qa/stars/?month={month}").status_code == 200
    assert qa.get("/api/v1/qa/stars/?month=oops").status_code == 400
    assert qa.post("/api/v1/qa/stars/compute/", {"month": month}, format="json").status_code == 200
    bad = qa.post("/api/v1/qa/evaluations/", {"contact": call.pk}, format="json").json()["id"]
    assert qa.post(f"/api/v1/qa/evaluations/{bad}/answers/", {"answers": {"tone": 1e300}},
                   format="json").status_code == 400
    assert qa.post(f"/api/v1/qa/evaluations/{bad}/answers/", {"answers": {"nope": 1}},
                   format="json").status_code == 400

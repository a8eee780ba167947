"""Agreement API: wiring of the command endpoints, DomainError → 400/403/409,
out-of-scope → 404, and a bounded query count on the list."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sla.models import AgreementStatus, AgreementVersion
from tests.sla.agreement_helpers import make_active, make_calendar, make_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(center):
    return make_calendar()


@pytest.fixture
def merchandise_head(merchandise):
    return make_head(merchandise)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(name, *args):
    return reverse(name, args=args)


def test_full_path_over_the_api(manager, merchandise_head, merchandise, center, calendar):
    response = api(manager).post(url("sla-agreement-list"), {
        "title": "商品部SLA", "client_departments": [merchandise.pk], "provider": center.pk,
        "effective_from": "2026-04-01", "calendar": calendar.pk, "channels": ["hotline", "webchat"],
    }, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    submit = api(manager).post(url("sla-agreement-submit", pk))
    assert submit.status_code == 400 and submit.json()["code"] == "incomplete"
    assert api(manager).post(url("sla-agreement-indicators-add", pk), {
        "name": "部门回复及时率", "metric": "department_reply_timeliness", "comparator": ">=", "target": "95",
        "unit": "%", "responsible_party": "A"}, format="json").status_code == 201
    added = api(manager).post(url("sla-agreement-penalties-add", pk), {"party": "A", "violation": "missed_indicator"},
                              format="json")
    assert added.status_code == 201 and added.json()["penalties"][0]["amount"] == "1000.00"
    assert api(manager).post(url("sla-agreement-submit", pk)).json()["status"] == "awaiting_signatures"
    assert api(manager).post(url("sla-agreement-update", pk), {"purpose": "x"}, format="json").status_code == 409
    assert api(merchandise_head).post(url("sla-agreement-sign", pk)).status_code == 200
    assert api(merchandise_head).post(url("sla-agreement-sign", pk)).status_code == 409
    body = api(manager).post(url("sla-agreement-sign", pk)).json()
    assert body["status"] == "active" and len(body["signatures"]) == 2
    indicator = body["indicators"][0]["id"]
    override = api(merchandise_head).post(url("sla-agreement-override-add", pk, indicator),
                                          {"period_start": "2026-11-11", "target": "85", "reason": "双十一"},
                                          format="json")
    assert override.status_code == 201 and override.json()["period_start"] == "2026-11-01"
    amended = api(manager).post(url("sla-agreement-amend", pk))
    assert amended.status_code == 201 and amended.json()["amended_from"] == pk
    detail = api(merchandise_head).get(url("sla-agreement-detail", body["agreement"]["id"])).json()
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    assert detail["versions"][0]["indicators"][0]["overrides"][0]["target"] == "85.0000"


def test_wrong_signer_is_403(manager, merchandise_head, merchandise, center, calendar, merchandise_staff):
    version = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                          calendar=calendar)
    amended = api(manager).post(url("sla-agreement-amend", version.pk)).json()["id"]
    AgreementVersion.objects.filter(pk=amended).update(effective_from=date(2026, 9, 1))
    api(manager).post(url("sla-agreement-submit", amended))
    response = api(merchandise_staff).post(url("sla-agreement-sign", amended))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_terminate_needs_reason_and_illegal_moves_are_409(manager, merchandise_head, merchandise, center, calendar):
    version = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                          calendar=calendar)
    assert api(manager).post(url("sla-agreement-terminate", version.pk), {}).status_code == 400
    response = api(manager).post(url("sla-agreement-recall", version.pk))
    assert response.status_code == 409 and response.json()["allowed"] == ["terminate"]
    ok = api(manager).post(url("sla-agreement-terminate", version.pk), {"reason": "组织调整"}, format="json")
    assert ok.json()["status"] == AgreementStatus.TERMINATED


def test_scoping_404(manager, merchandise_head, merchandise, center, calendar, logistics_staff, merchandise_staff):
    version = make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                          calendar=calendar)
    outsider = api(logistics_staff)
    assert outsider.get(url("sla-agreement-version", version.pk)).status_code == 404
    assert outsider.get(url("sla-agreement-detail", version.agreement_id)).status_code == 404
    assert outsider.post(url("sla-agreement-terminate", version.pk), {"reason": "x"}).status_code == 404
    assert outsider.get(url("sla-agreement-list")).json()["count"] == 0
    assert api(merchandise_staff).get(url("sla-agreement-list")).json()["count"] == 1
    assert api(manager).get(url("sla-agreement-version", 9999)).status_code == 404


def test_bad_input_is_400(manager, merchandise, center):
    client = api(manager)
    assert client.post(url("sla-agreement-list"), {"title": "x", "client_departments": [999999],
                                                   "provider": center.pk}, format="json").status_code == 400
    assert client.post(url("sla-agreement-list"), {"title": "x", "client_departments": [center.pk],
                                                   "provider": center.pk}, format="json").status_code == 400
    assert client.get(url("sla-agreement-list") + "?status=bogus").status_code == 400


def test_list_query_count(django_assert_max_num_queries, manager, merchandise_head, merchandise, center, calendar,
                          logistics):
    make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center, calendar=calendar)
    logistics_head = make_head(logistics)
    make_active(manager=manager, head=logistics_head, clients=[logistics], provider=center, calendar=calendar,
                title="物流部SLA")
    with django_assert_max_num_queries(10):
        response = api(manager).get(url("sla-agreement-list"))
    assert response.json()["count"] == 2

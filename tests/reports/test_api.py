"""The reports API: scoped lists, the command endpoints (close, appeal, decide, lock,
adjust, order counts, exports, Erlang C) and their refusals as 400/404/409."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from reports.models import Violation
from reports.services import month_close
from tests.factories import DepartmentFactory, make_staff
from tickets.models import Role

from .conftest import CLOSE_NOW, reply_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(agreement, logistics, people, delivery, settings):
    settings.REPORTS_APPEAL_DAYS = 100000
    reply_month(month=3, met=8, breached=2, department=logistics, people=people, category=delivery)
    return month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_lists_are_scoped(closed, people):
    head = api(people["head"])
    body = head.get("/api/v1/reports/violations/?month=2026-03").json()
    assert body["count"] == 3
    assert head.get("/api/v1/reports/indicator-results/?metric=department_reply_timeliness").json()["results"][0][
        "met"] is False
    finance = api(make_staff(Role.DEPT_HEAD, DepartmentFactory(code="finance"), username="finance_head"))
    assert finance.get("/api/v1/reports/violations/").json()["count"] == 0
    v = Violation.objects.first()
    assert finance.get(f"/api/v1/reports/violations/{v.pk}/").status_code == 404
    assert finance.post(f"/api/v1/reports/violations/{v.pk}/appeal/", {"reason": "x"}).status_code == 404
    assert head.get("/api/v1/reports/violations/?month=03-2026").status_code == 400


def test_appeal_decide_lock_adjust(closed, people):
    head, manager = api(people["head"]), api(people["manager"])
    v = Violation.objects.filter(kind="breached_reply").order_by("id").first()
    response = head.post(f"/api/v1/reports/violations/{v.pk}/appeal/", {"reason": "系统故障"})
    assert response.status_code == 201
    appeal_id = response.json()["id"]
    assert head.post(f"/api/v1/reports/violations/{v.pk}/appeal/", {"reason": "again"}).status_code == 409
    assert manager.post("/api/v1/reports/months/close/", {"month": "2099-04"}).status_code == 400  # not ended
    assert manager.post(f"/api/v1/reports/months/{closed.pk}/lock/").status_code == 409  # appeal pending
    bad = manager.post(f"/api/v1/reports/appeals/{appeal_id}/decide/", {"action": "reduce", "reason": "r"})
    assert bad.status_code == 400
    ok = manager.post(f"/api/v1/reports/appeals/{appeal_id}/decide/",
                      {"action": "reduce", "reason": "部分属实", "amount": "500.00"})
    assert ok.status_code == 200 and ok.json()["status"] == "reduced"
    assert manager.post(f"/api/v1/reports/months/{closed.pk}/lock/").json()["status"] == "locked"
    assert manager.post("/api/v1/reports/months/close/", {"month": "2026-03"}).status_code == 409
    adj = manager.post(f"/api/v1/reports/violations/{v.pk}/adjust/",
                       {"month": "2026-04", "amount": "-500.00", "reason": "复核撤销"})
    assert adj.status_code == 201
    assert head.post("/api/v1/reports/months/close/", {"month": "2026-03"}).status_code == 404


def test_order_counts_exports_and_erlang(closed, people, settings, tmp_path):
    settings.REPORTS_EXPORT_ROOT = tmp_path
    manager = api(people["manager"])
    response = manager.post("/api/v1/reports/order-counts/", {"month": "2026-03", "channel": "hotline",
                                                                "orders": 5000})
    assert response.status_code == 201
    assert manager.post("/api/v1/reports/order-counts/", {"month": "2026-03", "channel": "fax",
                                                          "orders": 1}).status_code == 400
    assert api(people["head"]).post("/api/v1/reports/order-counts/", {"month": "2026-03", "channel": "hotline",
                                                                      "orders": 1}).status_code == 403
    job = manager.post("/api/v1/reports/exports/", {"report": "violations", "fmt": "csv", "month": "2026-03"})
    assert job.status_code == 202
    erlang = manager.post("/api/v1/reports/staffing/erlang-c/", {"contacts": 100, "aht_seconds": 180},
                          format="json").json()
    assert erlang["agents"] == 14 and round(erlang["service_level"], 4) == 0.8884


def test_indicator_owner_command(agreement, people):
    from tests.factories import DepartmentFactory, make_staff
    from tickets.models import Role

    indicator = agreement.indicators.get(metric="department_reply_timeliness")
    url = f"/api/v1/reports/indicators/{indicator.pk}/owner/"
    assert api(people["head"]).post(url, {"person": people["staff"].pk}).json()["person"] == people["staff"].pk
    assert api(people["head"]).post(url, {"person": people["manager"].pk}).status_code == 400
    outsider = make_staff(Role.DEPT_HEAD, DepartmentFactory(code="finance"), username="finance_head2")
    assert api(outsider).post(url, {"person": people["staff"].pk}).status_code == 404


def test_violation_list_query_count_does_not_grow(closed, people, logistics, delivery, django_assert_max_num_queries):
    head = api(people["head"])
    with django_assert_max_num_queries(8):
        assert head.get("/api/v1/reports/violations/").json()["count"] == 3
    reply_month(month=3, met=0, breached=6, department=logistics, people=people, category=delivery, day=20)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    with django_assert_max_num_queries(8):
        assert head.get("/api/v1/reports/violations/").json()["count"] == 9

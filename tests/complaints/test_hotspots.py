"""Hotspots: periods and growth maths on fixed data, the four dimensions, jieba terms
without stop words, scoping (a department head counts only their department's
complaints, terms included), the drill-down filters and the API's 400s."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from complaints.models import ComplaintFinding, ComplaintTag, RootCause
from complaints.selectors_hotspots import (
    HotspotRow,
    growth,
    hotspots,
    parse_period,
    period_of,
    term_counts,
    terms_of,
)
from complaints.services import complaint_create
from slacenter.errors import DomainError
from tests.factories import CategoryFactory, DepartmentFactory, make_staff
from tickets.models import Role
from tickets.services import transfer_create

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)


def test_periods_week_and_month_and_their_previous():
    week = period_of("week", date(2026, 11, 25))  # a Wednesday
    assert (week.start, week.end, week.label) == (date(2026, 11, 23), date(2026, 11, 30), "2026-W48")
    assert week.previous.start == date(2026, 11, 16)
    month = period_of("month", date(2026, 1, 31))
    assert (month.start, month.end, month.label) == (date(2026, 1, 1), date(2026, 2, 1), "2026-01")
    assert month.previous.start == date(2025, 12, 1)
    start, end = month.bounds()
    assert start == datetime(2026, 1, 1, tzinfo=SH) and end == datetime(2026, 2, 1, tzinfo=SH)


@pytest.mark.parametrize("kind, raw, message", [
    ("year", "", "period"), ("month", "2026-13", "date"), ("week", "yesterday", "date"),
    ("month", "2026-12", "date"), ("week", "2026-11-30", "date"), ("month", "1999-12", "date"),
])
def test_bad_or_future_periods_are_refused(kind, raw, message):
    with pytest.raises(DomainError) as exc:
        parse_period(kind, raw, today=TODAY)
    assert exc.value.status == 400 and exc.value.extra["field"] == message


def test_any_past_period_is_accepted():
    assert parse_period("month", "2024-02", today=TODAY).start == date(2024, 2, 1)
    assert parse_period("week", "2026-11-25", today=TODAY).start == date(2026, 11, 23)
    assert parse_period(None, None, today=TODAY).start == date(2026, 11, 1)


@pytest.mark.parametrize("current, previous, expected", [
    (6, 4, 50.0), (2, 4, -50.0), (3, 0, None), (0, 0, None), (1, 3, -66.7), (4, 4, 0.0),
])
def test_growth_maths(current, previous, expected):
    assert growth(current, previous) == expected
    assert HotspotRow("k", "n", current, previous).change == current - previous


def test_terms_leave_out_stop_words_numbers_and_single_characters():
    counts = terms_of(["客户投诉：包裹丢失了，要求赔偿运费 20 元", "包裹又丢失，我们希望赔偿", "APP闪退 2026-11-23"])
    assert counts["包裹"] == 2 and counts["丢失"] == 2 and counts["赔偿"] == 2
    assert counts["闪退"] == 1 and counts["app"] == 1
    for stop in ("客户", "投诉", "我们", "希望", "要求", "了", "20", "2026-11-23", "元"):
        assert stop not in counts


@pytest.fixture
def world(agent, customer, center):
    """Logistics and merchandise complaints in November (current) and October (previous)."""
    logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
    merchandise = DepartmentFactory(code="merchandise", name="商品部", name_en="Merchandise")
    parent = CategoryFactory(code="delivery-root", name="物流配送")
    late = CategoryFactory(code="late", name="配送延误", parent=parent, default_department=logistics)
    quality = CategoryFactory(code="quality", name="质量问题", default_department=merchandise)
    cause = RootCause.objects.create(code="carrier", name="承运商延误")

    def make(day, category, title, tags=(), transfer_to=None):
        complaint = complaint_create(actor=agent, customer=customer, category=category, title=title,
                                     channel="hotline", desired_remedy="赔偿", now=day)
        for tag in tags:
            ComplaintTag.objects.create(complaint=complaint, value=tag, created_at=complaint.created_at)
        if transfer_to is not None:
            transfer_create(ticket=complaint.ticket, actor=agent, department=transfer_to, question="请核实", now=day)
        return complaint

    nov, octo = datetime(2026, 11, 10, 10, tzinfo=SH), datetime(2026, 10, 12, 10, tzinfo=SH)
    made = [make(nov + timedelta(hours=i), late, "包裹延误三天", tags=["双十一"], transfer_to=logistics)
            for i in range(3)]
    made += [make(octo, late, "包裹延误", transfer_to=logistics)]
    made += [make(nov, quality, "鞋子开胶质量差", tags=["双十一"], transfer_to=merchandise) for _ in range(2)]
    made += [make(octo + timedelta(hours=i), quality, "鞋子开胶", transfer_to=merchandise) for i in range(4)]
    ComplaintFinding.objects.create(complaint=made[0], root_cause=cause, responsible_department=logistics,
                                    recorded_at=nov, respond_by=nov + timedelta(days=3), updated_at=nov)
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head")
    cache.clear()
    return {"customer": customer,
            "logistics": logistics, "merchandise": merchandise, "late": late, "quality": quality, "cause": cause,
            "parent": parent, "head": head}


def _dim(figures, code):
    return next(d for d in figures["dimensions"] if d.code == code)


def test_hotspots_count_and_grow_against_the_previous_month(world, manager):
    period = parse_period("month", "2026-11", today=TODAY)
    figures = hotspots(manager, period)
    assert (figures["total"].current, figures["total"].previous) == (5, 5)
    cats = {r.name: (r.current, r.previous, r.growth) for r in _dim(figures, "category").rows}
    assert cats == {"物流配送 › 配送延误": (3, 1, 200.0), "质量问题": (2, 4, -50.0)}
    assert [r.name for r in _dim(figures, "category").risers] == ["物流配送 › 配送延误"]
    assert [(r.name, r.current) for r in _dim(figures, "root_cause").rows] == [("承运商延误", 1)]
    depts = {r.key: (r.current, r.previous) for r in _dim(figures, "department").rows}
    assert depts == {str(world["logistics"].pk): (3, 1), str(world["merchandise"].pk): (2, 4)}
    tags = _dim(figures, "tag")
    assert [(r.name, r.current, r.previous, r.growth) for r in tags.rows] == [("双十一", 5, 0, None)]


def test_a_department_head_counts_only_their_department(world):
    head = world["head"]
    period = parse_period("month", "2026-11", today=TODAY)
    figures = hotspots(head, period)
    assert (figures["total"].current, figures["total"].previous) == (3, 1)
    assert [r.name for r in _dim(figures, "category").rows] == ["物流配送 › 配送延误"]
    assert str(world["merchandise"].pk) not in {r.key for r in _dim(figures, "department").rows}
    assert [(r.name, r.current) for r in _dim(figures, "tag").rows] == [("双十一", 3)]
    terms = dict(term_counts(head, period, today=TODAY))
    assert terms.get("包裹") == 3 and "开胶" not in terms and "鞋子" not in terms


def test_terms_are_cached_per_scope_and_period(world, manager, django_assert_num_queries):
    period = parse_period("month", "2026-11", today=TODAY)
    first = term_counts(manager, period, today=TODAY)
    assert ("开胶", 2) in first and ("包裹", 3) in first
    with django_assert_num_queries(1):  # what the period holds; the counts come from the cache
        assert term_counts(manager, period, today=TODAY) == first
    # A complaint taken in since is counted at once (the key changes with it).
    complaint_create(actor=make_staff(Role.AGENT, None, username="late_agent"),
                     customer=world["customer"], category=world["quality"], title="鞋子开胶", channel="hotline",
                     desired_remedy="退货", now=datetime(2026, 11, 20, 10, tzinfo=SH))
    assert ("开胶", 3) in term_counts(manager, period, today=TODAY)
    assert dict(term_counts(world["head"], period, today=TODAY)) != dict(first)


def test_hotspot_page_and_drill_down(world, manager, client):
    client.force_login(manager)
    page = client.get("/complaints/hotspots/?period=month&date=2026-11")
    assert page.status_code == 200
    body = page.content.decode()
    assert "物流配送 › 配送延误" in body and "+200.0%" in body and 'data-hotspot-chart="hs-category"' in body
    assert "category=" + str(world["late"].pk) in body
    # The drill-down link of the category row lists exactly its complaints of the period.
    listing = client.get("/complaints/", {"category": world["parent"].pk, "created_after": "2026-11-01T00:00:00+08:00",
                                          "created_before": "2026-12-01T00:00:00+08:00"})
    assert listing.status_code == 200
    assert listing.content.decode().count("包裹延误三天") == 3 and "鞋子" not in listing.content.decode()
    by_term = client.get("/complaints/", {"term": "开胶"})
    assert by_term.content.decode().count("鞋子开胶") == 6
    by_dept = client.get("/complaints/", {"department": world["merchandise"].pk, "tag": "双十一"})
    assert by_dept.content.decode().count("鞋子开胶质量差") == 2
    assert client.get("/complaints/", {"category": "abc"}).status_code == 400
    assert client.get("/complaints/hotspots/?period=month&date=2099-01").status_code == 400


def test_hotspot_page_is_for_managers_and_department_heads(world, agent, client):
    client.force_login(agent)
    assert client.get("/complaints/hotspots/").status_code == 404
    assert client.get("/api/v1/complaints/hotspots/").status_code == 404
    staff = make_staff(Role.DEPT_STAFF, world["logistics"], username="logistics_staff")
    client.force_login(staff)
    assert client.get("/complaints/hotspots/").status_code == 404
    client.force_login(world["head"])
    assert client.get("/complaints/hotspots/?date=2026-11").status_code == 200


def test_hotspot_api(world, manager, client):
    client.force_login(manager)
    data = client.get("/api/v1/complaints/hotspots/", {"period": "month", "date": "2026-11"}).json()
    assert (data["label"], data["previous_label"], data["total"]["current"]) == ("2026-11", "2026-10", 5)
    cats = next(d for d in data["dimensions"] if d["code"] == "category")
    assert cats["rows"][0] == {"key": str(world["late"].pk), "name": "物流配送 › 配送延误", "current": 3,
                               "previous": 1, "change": 2, "growth": 200.0}
    assert {"term": "包裹", "count": 3} in data["terms"]
    week = client.get("/api/v1/complaints/hotspots/", {"period": "week", "date": "2026-11-10"}).json()
    assert week["label"] == "2026-W46" and week["total"]["current"] == 5


@pytest.mark.parametrize("params", [{"period": "day"}, {"date": "2026-02-30"}, {"date": "2999-01"},
                                    {"period": "week", "date": "x" * 50}])
def test_hotspot_api_bad_periods_are_400(world, manager, client, params):
    client.force_login(manager)
    response = client.get("/api/v1/complaints/hotspots/", params)
    assert response.status_code == 400, response.content

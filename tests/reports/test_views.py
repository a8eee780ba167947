"""Pages of the monthly close: scoped (a department head sees only agreements their
department is party to; anything else is a 404), the actions call the services, the
printable report shows the final penalties."""

from datetime import date

import pytest
from django.urls import reverse

from reports.models import AgreementClose, Violation
from reports.services import month_close
from tests.factories import DepartmentFactory, make_staff
from tickets.models import Role

from .conftest import CLOSE_NOW, reply_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(agreement, logistics, people, delivery, settings):
    settings.REPORTS_APPEAL_DAYS = 100000  # the window stays open whatever today is
    reply_month(month=3, met=8, breached=2, department=logistics, people=people, category=delivery)
    return month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)


def login(client, user):
    client.force_login(user)
    return client


def test_pages_render_for_manager(client, closed, people):
    login(client, people["manager"])
    close = AgreementClose.objects.get()
    result = close.indicator_results.get(metric="department_reply_timeliness")
    for url in [reverse("reports:months"), reverse("reports:month", args=["2026-03"]),
                reverse("reports:close", args=[close.pk]), reverse("reports:close_print", args=[close.pk]),
                reverse("reports:result_rows", args=[result.pk]), reverse("reports:dashboard"),
                reverse("reports:kpi", args=["2026-03"]), reverse("reports:exports"), reverse("reports:orders")]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("reports:close", args=[close.pk])).content.decode()
    assert "部门回复及时率" in page and "¥3000.00" in page
    rows = client.get(reverse("reports:result_rows", args=[result.pk]))
    assert rows.context["page"].paginator.count == 10


def test_out_of_scope_is_404(client, closed, people):
    other = make_staff(Role.DEPT_HEAD, DepartmentFactory(code="finance"), username="finance_head")
    login(client, other)
    close = AgreementClose.objects.get()
    assert client.get(reverse("reports:close", args=[close.pk])).status_code == 404
    assert client.get(reverse("reports:month", args=["2026-03"])).status_code == 404
    assert client.get(reverse("reports:orders")).status_code == 404
    v = Violation.objects.first()
    assert client.post(reverse("reports:violation_appeal", args=[v.pk]), {"reason": "x"}).status_code == 404
    response = client.get(reverse("reports:export_direct", args=["violations", "csv"]))
    assert b"breached_reply" not in b"".join(response.streaming_content)


def test_head_appeals_and_manager_waives_through_pages(client, closed, people):
    v = Violation.objects.filter(kind="breached_reply").order_by("id").first()
    login(client, people["head"])
    assert client.get(reverse("reports:dashboard")).status_code == 200
    response = client.post(reverse("reports:violation_appeal", args=[v.pk]), {"reason": "系统故障"})
    assert response.status_code == 302
    login(client, people["manager"])
    client.post(reverse("reports:appeal_decide", args=[v.appeal.pk]), {"action": "waive", "reason": "属实"})
    v.refresh_from_db()
    assert v.final_amount == 0
    client.post(reverse("reports:month_lock", args=["2026-03"]))
    closed.refresh_from_db()
    assert closed.is_locked
    printed = client.get(reverse("reports:close_print", args=[v.close_id])).content.decode()
    assert "¥2000.00" in printed and ("Penalty notice" in printed or "处罚通知" in printed)


def test_close_button_and_bad_month(client, closed, people):
    login(client, people["manager"])
    assert client.post(reverse("reports:close_run"), {"month": "2026-03"}).status_code == 302
    assert client.post(reverse("reports:close_run"), {"month": "garbage"}).status_code == 404
    assert client.get("/reports/2026-13/").status_code == 404
    login(client, people["head"])
    assert client.post(reverse("reports:close_run"), {"month": "2026-03"}).status_code == 404


def test_order_csv_import(client, people):
    login(client, people["manager"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"month,channel,orders\n2026-03,hotline,5000\n2026-03,webchat,2500\n"
    client.post(reverse("reports:order_set"), {"file": SimpleUploadedFile("o.csv", data, "text/csv")})
    from reports.models import OrderCount

    assert sorted(OrderCount.objects.values_list("channel", "orders")) == [("hotline", 5000), ("webchat", 2500)]
    bad = b"month,channel,orders\n2026-03,fax,1\n"
    client.post(reverse("reports:order_set"), {"file": SimpleUploadedFile("o.csv", bad, "text/csv")})
    assert OrderCount.objects.count() == 2


def test_dashboard_month_to_date_is_cached_and_refreshed(client, agreement, logistics, people, delivery):
    from django.utils import timezone

    from reports.dashboard import dashboards_refresh, month_to_date

    now = timezone.now()
    first = month_to_date(logistics, now=now)
    reply_month(year=now.year, month=now.month, day=1, met=1, breached=1, department=logistics, people=people,
                category=delivery)
    assert month_to_date(logistics, now=now) == first  # served from the cache
    assert dashboards_refresh(now=now) >= 2
    rows = month_to_date(logistics, now=now)["agreements"][0]["rows"]
    reply = next(r for r in rows if r["indicator"].metric == "department_reply_timeliness")
    assert (reply["figure"].numerator, reply["figure"].denominator, reply["on_track"]) == (1, 2, False)
    client.force_login(people["head"])
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200 and b"data-chart" not in page.content  # no closed month yet: no trend


def test_agent_sees_own_queue_health(client, agent, customer, category):
    from tests.factories import TicketFactory

    TicketFactory(assignee=agent, status="in_progress", category=category, customer=customer)
    TicketFactory(status="in_progress", category=category, customer=customer)  # someone else's
    client.force_login(agent)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    health = response.context["health"]
    assert health["mine"] and health["open"] == 1


def test_kpi_repeat_rate_and_top_categories(client, manager, customer, category):
    from datetime import datetime

    from tests.factories import TicketFactory

    from .conftest import SH

    for day in (2, 4, 20):  # the 4th repeats the 2nd; the 20th stands alone
        TicketFactory(customer=customer, category=category, kind="complaint", created_at=datetime(2026, 5, day,
                                                                                                   tzinfo=SH))
    client.force_login(manager)
    figures = client.get(reverse("reports:kpi", args=["2026-05"])).context["figures"]["current"]
    assert (figures["repeat"]["numerator"], figures["repeat"]["denominator"]) == (1, 3)
    assert figures["top_complaint_categories"][0]["n"] == 3


def test_kpi_rows_are_scoped(client, closed, people):
    client.force_login(people["manager"])
    rows = client.get(reverse("reports:kpi_rows", args=["2026-03", "department_reply"]))
    assert rows.status_code == 200 and rows.context["page"].paginator.count == 10
    assert client.get(reverse("reports:kpi_rows", args=["2026-03", "breaches"])).context["page"].paginator.count == 2
    assert client.get("/reports/kpi/2026-03/nothing/").status_code == 404
    other = make_staff(Role.DEPT_HEAD, DepartmentFactory(code="finance"), username="finance_head")
    client.force_login(other)
    rows = client.get(reverse("reports:kpi_rows", args=["2026-03", "department_reply"]))
    assert rows.context["page"].paginator.count == 0


def test_forecast_to_month_end():
    from decimal import Decimal

    from reports.dashboard import _forecast
    from reports.sources import Figure

    complaints = Figure(actual=Decimal("0.0036"), numerator=Decimal(14), denominator=Decimal(390000))
    got = _forecast("channel_complaints_per_orders", complaints, Decimal(6))
    assert (got["numerator"], got["actual"]) == (Decimal(84), Decimal("0.0215"))  # 84 / 390,000 orders
    rate = Figure(actual=Decimal("71.4286"), numerator=Decimal(5), denominator=Decimal(7))
    got = _forecast("department_reply_timeliness", rate, Decimal(6))
    assert (got["actual"], got["forecast_count"]) == (Decimal("71.4286"), Decimal(42))
    assert _forecast("csat", Figure(actual=None), Decimal(6))["forecast"] is None

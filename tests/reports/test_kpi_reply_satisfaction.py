"""Issue 11: the KPI report's department reply satisfaction = answers given in the
month and rated satisfied / all rated, overall and per department, from
`tickets.selectors.transfer_ratings_between`."""

import pytest
from django.urls import reverse

from tickets.selectors import transfer_ratings_between
from tickets.services import ticket_create, transfer_answer, transfer_create, transfer_rate

from .conftest import at

pytestmark = pytest.mark.django_db


def _answered(*, agent, customer, category, department, answerer, when):
    ticket = ticket_create(actor=agent, customer=customer, title="问题", channel="hotline", category=category,
                           now=when)
    transfer = transfer_create(ticket=ticket, actor=agent, department=department, question="?", now=when)
    return transfer_answer(transfer=transfer, actor=answerer, answer="已处理", now=when)


def test_reply_satisfaction_on_a_hand_made_month(client, agent, manager, customer, category, logistics,
                                                  logistics_staff, merchandise, merchandise_staff):
    def answer(department, answerer, when, satisfied=None):
        transfer = _answered(agent=agent, customer=customer, category=category, department=department,
                             answerer=answerer, when=when)
        if satisfied is not None:
            transfer_rate(transfer=transfer, actor=agent, satisfied=satisfied,
                          reason="" if satisfied else "未答到点上", now=when)
        return transfer

    answer(logistics, logistics_staff, at(3, 3), True)
    answer(logistics, logistics_staff, at(3, 10), True)
    rerated = answer(logistics, logistics_staff, at(3, 12), True)
    transfer_rate(transfer=rerated, actor=agent, satisfied=False, reason="其实没解决", now=at(3, 13))  # last wins
    answer(logistics, logistics_staff, at(3, 20))  # not rated: not counted
    answer(logistics, logistics_staff, at(4, 1, hour=0, minute=30), True)  # April (Shanghai time)
    answer(merchandise, merchandise_staff, at(3, 31, hour=23), False)

    assert transfer_ratings_between(at(3, 1, hour=0), at(4, 1, hour=0)) == {
        logistics.pk: {"satisfied": 2, "rated": 3}, merchandise.pk: {"satisfied": 0, "rated": 1}}

    client.force_login(manager)
    context = client.get(reverse("reports:kpi", args=["2026-03"])).context
    overall = context["figures"]["current"]["reply_satisfaction"]
    assert (overall["numerator"], overall["denominator"], str(overall["value"])) == (2, 4, "50.0000")
    rows = {row["department"].pk: row["satisfaction"] for row in context["per_department"]}
    assert (rows[logistics.pk]["numerator"], rows[logistics.pk]["denominator"]) == (2, 3)
    assert str(rows[logistics.pk]["value"]) == "66.6667"
    assert rows[merchandise.pk]["value"] == 0
    assert context["figures"]["previous"]["reply_satisfaction"]["denominator"] == 0
    page = client.get(reverse("reports:kpi", args=["2026-03"])).content.decode()
    assert "kpi-reply-satisfaction" in page and "(2/3)" in page


def test_kpi_export_has_the_reply_satisfaction_line(client, agent, manager, customer, category, logistics,
                                                     logistics_staff):
    import csv
    import io

    transfer = _answered(agent=agent, customer=customer, category=category, department=logistics,
                         answerer=logistics_staff, when=at(3, 5))
    transfer_rate(transfer=transfer, actor=agent, satisfied=True, now=at(3, 5, hour=11))
    client.force_login(manager)
    response = client.get(reverse("reports:export_direct", args=["kpi", "csv"]) + "?month=2026-03")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    line = next(row for row in rows if "满意度" in row[0] or row[0] == "Department reply satisfaction")
    assert line[1] == "100.0000" and line[2] == ""

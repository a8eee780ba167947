"""The staffing page forecasts from the contact records: last four weeks' Monday
10:00–10:30 had 100 calls each of 180 s handle time → 10 Erlangs → 14 agents for 80 % in
20 s (20 with 30 % shrinkage); one agent answered → short. The KPI report shows the
contact figures. Department staff cannot open it (404)."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tickets.models import ContactRecord

from .conftest import SH

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(agent):
    today = timezone.localdate()
    last_sunday = today - timedelta(days=today.weekday() + 1)
    monday = last_sunday - timedelta(days=6)
    rows = []
    for week in range(4):
        day = monday - timedelta(days=7 * week)
        for i in range(100):
            offered = datetime(day.year, day.month, day.day, 10, 0, tzinfo=SH) + timedelta(seconds=i * 18)
            rows.append(ContactRecord(source="pbx", external_id=f"{week}-{i}", kind="call", channel="hotline",
                                      queue="main", agent=agent, offered_at=offered,
                                      answered_at=offered + timedelta(seconds=10), wait_seconds=10,
                                      talk_seconds=150, wrap_seconds=30, imported_at=offered,
                                      **ContactRecord.local_fields(offered)))
    ContactRecord.objects.bulk_create(rows)
    return monday


def test_staffing_from_contact_records(client, manager, calls):
    client.force_login(manager)
    response = client.get(reverse("reports:staffing"))
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["weekday"] == 0 and r["label"] == "10:00")
    assert (row["offered"], row["traffic"], row["agents"], row["scheduled"]) == (100.0, 10.0, 14, 20)
    assert row["staffed"] == 1.0 and row["short"]
    plan = "\n".join(f"a{d},{d},08:00,15:00\nb{d},{d},15:00,22:00" for d in range(1, 8))
    response = client.post(reverse("reports:staffing"), {"shifts": plan + "\nbad line"})
    check = response.context["check"]
    assert check["over_hours"] == {} and response.context["errors"] == ["15"]
    assert any(g["weekday"] == 0 and g["label"] == "10:00" and g["required"] == 20 for g in check["gaps"])


def test_staffing_is_center_only(client, logistics_staff):
    client.force_login(logistics_staff)
    assert client.get(reverse("reports:staffing")).status_code == 404


def test_kpi_shows_contact_figures(client, manager, calls):
    client.force_login(manager)
    month = calls.strftime("%Y-%m")
    response = client.get(reverse("reports:kpi", args=[month]))
    contacts = response.context["figures"]["current"]["contacts"]
    assert contacts["offered"] >= 100 and contacts["service_level"] == 100 and contacts["aht_seconds"] == 180

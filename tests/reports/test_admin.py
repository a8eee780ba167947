"""The reports admin pages render, write through the services and refuse with a message."""

from datetime import date

import pytest
from django.urls import reverse

from reports.models import OrderCount, ReportMonth
from reports.services import month_close
from tests.factories import UserFactory

from .conftest import CLOSE_NOW, reply_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_admin_pages_and_actions(admin_client, agreement, logistics, people, delivery):
    reply_month(month=3, met=8, breached=2, department=logistics, people=people, category=delivery)
    month = month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    for model in ("reportmonth", "agreementclose", "indicatorresult", "violation", "appeal", "adjustment",
                  "exportjob", "ordercount"):
        assert admin_client.get(reverse(f"admin:reports_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:reports_reportmonth_change", args=[month.pk])).status_code == 200
    admin_client.post(reverse("admin:reports_reportmonth_changelist"),
                      {"action": "lock", "_selected_action": [month.pk]})
    assert ReportMonth.objects.get().is_locked
    response = admin_client.post(reverse("admin:reports_ordercount_add"),
                                 {"month": "2026-04-01", "channel": "hotline", "orders": "5000"})
    assert response.status_code == 302
    assert OrderCount.objects.get().source == "admin"
    # A locked month refuses new order counts with a message, not a 500.
    response = admin_client.post(reverse("admin:reports_ordercount_add"),
                                 {"month": "2026-03-01", "channel": "webchat", "orders": "1"}, follow=True)
    assert response.status_code == 200 and OrderCount.objects.count() == 1

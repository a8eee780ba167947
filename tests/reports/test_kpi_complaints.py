"""The KPI report reads the complaint loop through `complaints.selectors`: the remedies
executed in the month and their cost (a center-wide figure)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from complaints.services.remedies import remedy_execute, remedy_propose
from tests.complaints.conftest import *  # noqa: F403 - the complaint fixtures
from tests.complaints.conftest import T0

pytestmark = pytest.mark.django_db


def test_remedies_executed_in_the_month(client, make_complaint, chain, agent, manager):
    complaint = make_complaint()
    remedy = remedy_propose(actor=agent, complaint=complaint, kind="compensation", amount="100", now=T0)
    remedy_execute(actor=agent, remedy=remedy, reference="PAY-1", now=T0 + timedelta(hours=1))
    client.force_login(manager)
    figures = client.get(reverse("reports:kpi", args=[f"{T0:%Y-%m}"])).context["figures"]
    assert figures["current"]["loop"]["remedies"] == 1 and figures["current"]["loop"]["remedy_amount"] == 100
    assert figures["previous"]["loop"]["remedies"] == 0
    client.force_login(agent)
    assert client.get(reverse("reports:kpi", args=[f"{T0:%Y-%m}"])).status_code == 404

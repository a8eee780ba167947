"""The demo step closes the months the demo covers, after importing their order counts;
a second run changes nothing."""

import importlib

import pytest
from django.utils import timezone

from reports.models import AgreementClose, OrderCount, ReportMonth
from slacenter.demo import DemoContext

pytestmark = pytest.mark.django_db


def run(ctx, *steps):
    for step in steps:
        importlib.import_module(step).run(ctx)


def test_demo_closes_previous_months_idempotently():
    ctx = DemoContext(now=timezone.now())
    ctx.data["options"] = {"tickets": 0, "customers": 0, "days": 60}
    run(ctx, "slacenter.demo.org", "slacenter.demo.calendars", "slacenter.demo.agreements", "slacenter.demo.reports")
    months = list(ReportMonth.objects.values_list("month", "closed_at", "close_runs"))
    assert len(months) >= 2 and all(runs == 1 for _m, _at, runs in months)
    assert AgreementClose.objects.exists()
    snapshot = (months, OrderCount.objects.count(), AgreementClose.objects.count())
    run(ctx, "slacenter.demo.reports")
    assert (list(ReportMonth.objects.values_list("month", "closed_at", "close_runs")), OrderCount.objects.count(),
            AgreementClose.objects.count()) == snapshot

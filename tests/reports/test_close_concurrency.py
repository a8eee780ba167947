"""Two closes of the same month at the same time on PostgreSQL: the month row lock
serialises them and the rows are those of one close."""

import threading
from datetime import date

import pytest
from django.db import connection

from reports.models import AgreementClose, IndicatorResult, ReportMonth, Violation
from reports.services import month_close

from .conftest import CLOSE_NOW, reply_month

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_closes_give_one_set_of_rows(postgres_only, agreement, logistics, people, delivery):
    reply_month(month=3, met=8, breached=2, department=logistics, people=people, category=delivery)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ReportMonth.objects.get().close_runs == 2
    assert AgreementClose.objects.count() == 1
    assert IndicatorResult.objects.count() == 6
    assert Violation.objects.count() == 3  # two late replies + the missed reply indicator

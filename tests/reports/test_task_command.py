"""Beat's task on the 1st closes the previous month by itself (twice: same rows; a
locked month is left alone); the command closes a given month and refuses bad input."""

from datetime import date
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from reports.models import AgreementClose, ReportMonth
from reports.services import month_lock
from reports.tasks import close_previous_month
from slacenter.settings import CELERY_BEAT_SCHEDULE

from .conftest import CLOSE_NOW, reply_month

pytestmark = pytest.mark.django_db


def test_beat_schedule_is_the_first_at_two():
    schedule = CELERY_BEAT_SCHEDULE["reports-monthly-close"]["schedule"]
    assert schedule.day_of_month == {1} and schedule.hour == {2} and schedule.minute == {0}


def test_task_closes_last_month(agreement, logistics, people, delivery):
    reply_month(month=3, met=9, breached=1, department=logistics, people=people, category=delivery)
    with mock.patch("django.utils.timezone.now", return_value=CLOSE_NOW):
        assert close_previous_month() == "closed"
        assert close_previous_month() == "closed"
    month = ReportMonth.objects.get()
    assert month.month == date(2026, 3, 1) and month.close_runs == 2
    assert AgreementClose.objects.get().indicators_missed == 1
    month_lock(actor=people["manager"], month=month, now=CLOSE_NOW)
    with mock.patch("django.utils.timezone.now", return_value=CLOSE_NOW):
        assert close_previous_month() == "locked"


def test_command(agreement):
    out = StringIO()
    call_command("close_month", "2026-03", stdout=out)
    assert "2026-03" in out.getvalue() and "SLA-LOG" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("close_month", "March")
    with pytest.raises(CommandError):
        call_command("close_month", "2099-01")

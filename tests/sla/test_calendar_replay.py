"""A calendar change moves the due times of open tickets whose clocks run on it: the
change enqueues a replay after commit, and the worker (eager here) recomputes from
the event log, so the time already spent stays."""

import pytest

from sla.models import TicketClock
from sla.services.calendars import calendar_override_set
from slacenter.celery import app as celery_app
from tickets.services import transfer_create

from .clock_fixtures import at, calendars, new_ticket, policies  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_holiday_added_tomorrow_moves_department_reply_due(
    eager_celery, policies, calendars, agent, manager, customer, category, logistics,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    ticket = new_ticket(agent, customer, category, at(2, 9))
    # Logistics works 08:00–12:00: 4 business hours from Mon 10:00 is Tue 10:00.
    transfer_create(ticket=ticket, actor=agent, department=logistics, question="包裹在哪？", now=at(2, 10))
    clock = TicketClock.objects.get(ticket=ticket, metric="department_reply")
    assert clock.due_at == at(3, 10)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        calendar_override_set(
            calendar=calendars["logistics"], date=at(3, 0).date(), kind="holiday", hours=[], name="临时停工",
            actor=manager, now=at(2, 11),
        )
    assert callbacks, "the change must schedule a replay after commit"
    clock.refresh_from_db()
    # Tuesday is now closed: the remaining 2 hours fall on Wednesday.
    assert clock.due_at == at(4, 10)
    assert clock.calendar_id == calendars["logistics"].pk

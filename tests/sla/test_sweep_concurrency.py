"""Two sweeps at once on PostgreSQL (two connections) record exactly what one does."""

import threading

import pytest
from django.db import connection

from sla.models import Breach, EscalationLog
from sla.services.sweep import sla_sweep
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, ladder, new_ticket
from tickets.models import Notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TICKETS = 30


def test_two_sweeps_at_once_equal_one(postgres_only, agent, lead, manager, customer, category, policies):
    ladder(policies["fr"])
    for i in range(TICKETS):
        new_ticket(agent, customer, category, at(2, 9, i), assignee=agent)
    now = at(2, 16)  # every first-response clock is past all three levels
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(sla_sweep(now=now))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Breach.objects.count() == TICKETS
    assert sorted(Breach.objects.values_list("breached_at", flat=True))[0] == at(2, 11)
    assert EscalationLog.objects.count() == 3 * TICKETS
    # L1 → assignee, L2 → lead, L3 → manager: one notice each per clock.
    assert Notification.objects.count() == 3 * TICKETS
    assert sum(r.breaches for r in results) == TICKETS
    assert sum(r.escalations for r in results) == 3 * TICKETS
    assert sum(r.notifications for r in results) == 3 * TICKETS
    again = sla_sweep(now=now)
    assert (again.breaches, again.escalations, again.notifications) == (0, 0, 0)

"""Replaying the clocks after a policy or calendar change is durable work: the change
records a `RecomputeRequest` in its own transaction (no broker message is the only
record), a run works through it in batches under a lease, and a run that dies is
resumed after its cursor by beat's re-drive once the lease has run out."""

from datetime import timedelta

import pytest

from sla.models import OutboxState, RecomputeRequest, TicketClock
from sla.services import recompute_requests as service
from sla.services.policies import policy_update
from sla.services.recompute_requests import LEASE, recompute_request_run, recompute_requests_redrive
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket

pytestmark = pytest.mark.django_db


class WorkerKilled(Exception):
    pass


def test_policy_change_records_a_request_in_its_transaction(policies, manager, agent, customer, category):
    new_ticket(agent, customer, category, at(2, 10))
    policy_update(policy=policies["fr"], actor=manager, target_minutes=60, now=at(2, 10, 5))
    request = RecomputeRequest.objects.get()
    assert (request.state, request.ticket_ids, request.created_at) == (OutboxState.PENDING, None, at(2, 10, 5))


def test_a_run_that_dies_is_resumed_after_its_cursor(policies, manager, agent, customer, category, monkeypatch):
    tickets = [new_ticket(agent, customer, category, at(2, 9, i)) for i in range(5)]
    # The policy changes (first response 2 h -> 1 h) without replaying; the request is recorded.
    policy_update(policy=policies["fr"], actor=manager, target_minutes=60, now=at(2, 10), recompute=False)
    request = RecomputeRequest.objects.create(reason="test", created_at=at(2, 10))
    replayed = []
    real = service.clocks_recompute

    def dies_at_the_fourth(*, ticket, now):
        if len(replayed) == 3:
            raise WorkerKilled
        replayed.append(ticket.pk)
        return real(ticket=ticket, now=now)

    monkeypatch.setattr(service, "clocks_recompute", dies_at_the_fourth)
    wall = at(2, 10)
    with pytest.raises(WorkerKilled):
        recompute_request_run(request_id=request.pk, now=at(2, 10), batch=2, clock=lambda: wall)
    request.refresh_from_db()
    assert (request.state, request.cursor, request.tickets_done) == ("pending", tickets[1].pk, 2)
    # While the dead run's lease holds, nobody takes the request over …
    assert recompute_requests_redrive(now=wall + timedelta(minutes=1), clock=lambda: wall) == 0
    # … after it, beat's re-drive resumes after the cursor (ticket 3 is replayed again:
    # its batch had not been recorded — replaying is idempotent).
    monkeypatch.setattr(service, "clocks_recompute", real)
    later = wall + LEASE + timedelta(seconds=1)
    assert recompute_requests_redrive(now=later, clock=lambda: later) == 3
    request.refresh_from_db()
    assert (request.state, request.cursor, request.tickets_done) == ("done", tickets[-1].pk, 5)
    for t in tickets:
        assert TicketClock.objects.get(ticket=t, metric="first_response").target_seconds == 3600
    assert recompute_requests_redrive(now=later + LEASE * 2) == 0

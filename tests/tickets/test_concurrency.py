"""Row locks under real concurrency (PostgreSQL only): ticket numbers stay distinct
and two agents racing on the same move give one winner and one conflict."""

import threading

import pytest
from django.db import connection

from slacenter.errors import Conflict
from tickets.models import Ticket, TicketEvent
from tickets.services import ticket_create, ticket_transition

pytestmark = pytest.mark.django_db(transaction=True)


def _run_in_threads(n, target):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def work(i):
        try:
            barrier.wait(timeout=10)
            results.append(target(i))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_parallel_creates_get_distinct_numbers(postgres_only, agent, customer, category):
    results, errors = _run_in_threads(
        6,
        lambda i: ticket_create(actor=agent, customer=customer, title=f"t{i}", channel="hotline", category=category),
    )
    assert errors == []
    numbers = sorted(t.number for t in results)
    assert len(set(numbers)) == 6
    assert [n[-6:] for n in numbers] == [f"{i:06d}" for i in range(1, 7)]


def test_racing_resolves_one_wins(postgres_only, agent, other_agent, customer, category):
    ticket = ticket_create(actor=agent, customer=customer, title="抢单", channel="hotline", category=category)
    actors = [agent, other_agent]
    results, errors = _run_in_threads(2, lambda i: ticket_transition(ticket=ticket, actor=actors[i], action="resolve"))
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"
    assert TicketEvent.objects.filter(ticket=ticket, kind="status_changed").count() == 1

"""Row locks: the one order every transaction takes them in, and a retry for the
transaction that loses a deadlock anyway.

LOCK ORDER (PostgreSQL; SQLite serialises writers and has no row locks):

    1. the ticket            `FOR NO KEY UPDATE`   (`lock_ticket`)
    2. its transfers, and an upper app's own record of the ticket (the complaint,
       its callback task …)   `FOR NO KEY UPDATE`
    3. its SLA clocks        `FOR NO KEY UPDATE`, by id (`sla.services.clocks`)
    4. breaches, escalation log and action rows, notifications (inserted, keyed)

A transaction may skip a step but never goes back up: whoever holds a clock never
waits for its ticket. The sweep takes no ticket lock at all: it claims clocks with
`SKIP LOCKED` (never waits for them) and touches tickets only through the key-share
checks of foreign keys, which a `NO KEY UPDATE` lock does not block — so the sweep
and a user's write cannot wait on each other in a cycle. `FOR UPDATE` (the strong
lock) is used only where a key may change or a row be deleted; a plain status,
priority or assignee change needs no more than `NO KEY UPDATE`.

`retry_on_deadlock` wraps the services that views and the API call: if PostgreSQL
still picks the transaction as a deadlock (or serialization) victim, the whole
service is run again — from scratch, outside any enclosing transaction — instead of
answering 500 and losing the user's write."""

from __future__ import annotations

import functools
import logging
import random
import time

from django.db import OperationalError, connection, transaction

log = logging.getLogger(__name__)

# SQLSTATE codes of a transaction PostgreSQL aborted to break a cycle or a conflict.
RETRYABLE_SQLSTATES = {"40P01", "40001"}  # deadlock_detected, serialization_failure
ATTEMPTS = 3


def lock_ticket(ticket_id: int):
    """Lock the ticket row (step 1) and return it, read after the lock."""
    from tickets.models import Ticket

    return Ticket.objects.select_for_update(no_key=True).get(pk=ticket_id)


def is_retryable(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES


def retry_on_deadlock(func=None, *, attempts: int = ATTEMPTS):
    """Run `func` again (up to `attempts` times in all, with a short random pause) when
    its transaction lost a deadlock. Only when called outside a transaction: inside
    one, the enclosing transaction is aborted and only its owner can retry it."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                outer = connection.in_atomic_block
                try:
                    return fn(*args, **kwargs)
                except OperationalError as exc:
                    if outer or attempt == attempts or not is_retryable(exc):
                        raise
                    log.warning("%s lost a deadlock (attempt %s of %s); retrying", fn.__qualname__, attempt,
                                attempts)
                    time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 - jitter, not crypto
            raise AssertionError("unreachable")

        wrapper.retries_deadlocks = True
        return wrapper

    return decorate(func) if func is not None else decorate


def atomic_with_retry(func=None, *, attempts: int = ATTEMPTS):
    """`transaction.atomic` inside `retry_on_deadlock`: for a new service."""

    def decorate(fn):
        return retry_on_deadlock(transaction.atomic(fn), attempts=attempts)

    return decorate(func) if func is not None else decorate

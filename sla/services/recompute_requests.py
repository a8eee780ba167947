"""Durable "replay the clocks" work after a policy or calendar change.

The change's transaction records a `RecomputeRequest` row (so the work cannot be lost
with a broker message) and enqueues `sla.recompute_request_run` on commit; beat
re-drives every pending request whose lease has run out
(`sla.recompute_requests_redrive`). A run takes the lease with a guarded update,
replays the tickets in id order — one transaction per ticket, the ticket locked
first (lock order in `slacenter.locking`) — and moves the request's cursor after
each batch, so a run that dies is resumed where it stopped by the next one.
Replaying is idempotent: a ticket replayed twice has the same clocks."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from slacenter.locking import lock_ticket
from tickets.models import Ticket
from tickets.models.tickets import OPEN_STATUSES

from ..models import OutboxState, RecomputeRequest
from .clocks import clocks_recompute

LEASE = timedelta(minutes=5)
BATCH = 200


def recompute_request_create(*, reason: str, ticket_ids=None, now: datetime) -> RecomputeRequest:
    """Record the request in the caller's transaction; the task starts after commit."""
    from ..tasks import recompute_request_run

    request = RecomputeRequest.objects.create(
        reason=reason[:200], ticket_ids=sorted(set(ticket_ids)) if ticket_ids is not None else None, created_at=now)
    recompute_request_run.delay_on_commit(request.pk)
    return request


def _claim(request_id: int, now: datetime) -> bool:
    return bool(RecomputeRequest.objects.filter(pk=request_id, state=OutboxState.PENDING).filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now)).update(leased_until=now + LEASE))


def _next_batch(request: RecomputeRequest, batch: int) -> list[int]:
    qs = Ticket.objects.filter(pk__gt=request.cursor)
    qs = qs.filter(status__in=OPEN_STATUSES) if request.ticket_ids is None else qs.filter(pk__in=request.ticket_ids)
    return list(qs.order_by("pk").values_list("pk", flat=True)[:batch])


def recompute_request_run(*, request_id: int, now: datetime, batch: int = BATCH, clock=timezone.now) -> int:
    """Work through one request (if its lease is free). Returns the tickets replayed
    by this run. `now` is the instant the clocks are derived at; `clock` (wall time)
    only renews the lease."""
    if not _claim(request_id, clock()):
        return 0
    replayed = 0
    while True:
        request = RecomputeRequest.objects.get(pk=request_id)
        ids = _next_batch(request, batch)
        for ticket_id in ids:
            with transaction.atomic():
                try:
                    ticket = lock_ticket(ticket_id)
                except Ticket.DoesNotExist:
                    continue
                clocks_recompute(ticket=ticket, now=now)
        replayed += len(ids)
        changes = {"cursor": ids[-1] if ids else request.cursor, "tickets_done": request.tickets_done + len(ids),
                   "leased_until": clock() + LEASE}
        if len(ids) < batch:
            changes.update(state=OutboxState.DONE, done_at=clock(), leased_until=None)
        RecomputeRequest.objects.filter(pk=request_id).update(**changes)
        if len(ids) < batch:
            return replayed


def recompute_requests_redrive(*, now: datetime, clock=timezone.now) -> int:
    """Beat: run every pending request whose lease is free (oldest first)."""
    ids = list(RecomputeRequest.objects.filter(state=OutboxState.PENDING)
               .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
               .order_by("created_at", "pk").values_list("pk", flat=True)[:20])
    return sum(recompute_request_run(request_id=pk, now=now, clock=clock) for pk in ids)

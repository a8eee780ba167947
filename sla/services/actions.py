"""Escalation actions (raise the priority, reassign to a team lead), applied from the
durable rows the sweep recorded (`sla.models.EscalationAction`).

The sweep decides an action in its own transaction — the `EscalationAction` row is
inserted with the level's log row, once per (clock, rule) — and never performs it
there: performing it locks the ticket, which the sweep must not do (lock order in
`slacenter.locking`). After the sweep commits, the `sla.escalation_actions_apply`
task applies the new rows, and beat re-drives every pending row whose time has come
(`sla.escalation_actions_redrive`), so a worker killed or a connection cut between
the two loses nothing.

Each row is applied in its own transaction: the ticket is locked first, the row
second and re-checked `pending` (so a task and a re-drive racing apply it once); the
ticket's current values are read under that lock (a priority raised by escalation
is `locked value + 1`, never a stale read + 1); the ticket service writes the event
and the row turns `done` in the same commit. A refused or pointless action is
`skipped` with the reason. A database error rolls back that row only: it is retried
with a backoff (up to `MAX_ATTEMPTS`), and the other rows go on."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from slacenter.locking import lock_ticket
from tickets.models import Priority, Ticket

from ..models import EscalationAction, EscalationRule, OutboxState
from .notify import escalation_owner, first_team_lead

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 30 min.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(minutes=30)


@dataclass
class ApplyResult:
    done: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    ids: list = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _perform(action: EscalationAction, ticket: Ticket, rule: EscalationRule, *, now: datetime) -> str:
    """Apply one action to the locked ticket. Returns '' when done, else why it was skipped."""
    from tickets.services import ticket_assign, ticket_update

    if not ticket.is_open:
        return "ticket no longer open"
    actor = escalation_owner(rule.policy)
    if actor is None:
        return "no escalation owner"
    reason = _("SLA escalation level %(level)s") % {"level": action.level}
    if action.action == EscalationRule.Action.RAISE_PRIORITY:
        top = max(Priority.values)
        if ticket.priority >= top:
            return "priority already at the top"
        ticket_update(ticket=ticket, actor=actor, priority=ticket.priority + 1, reason=reason, now=now)
        return ""
    if action.action == EscalationRule.Action.REASSIGN_TO_LEAD:
        lead = first_team_lead()
        if lead is None:
            return "no team lead"
        if ticket.assignee_id == lead.pk:
            return "already assigned to the team lead"
        ticket_assign(ticket=ticket, actor=actor, assignee=lead, now=now)
        return ""
    return f"unknown action {action.action!r}"


def escalation_action_apply(*, action_id: int, now: datetime) -> str:
    """Apply one pending action (one transaction). Returns its state afterwards
    ('done', 'skipped', 'pending' when it will be retried, 'failed'), or '' when it
    was not pending (already applied, or not due)."""
    try:
        with transaction.atomic():
            ticket_id = (EscalationAction.objects.filter(pk=action_id, state=OutboxState.PENDING)
                         .values_list("ticket_id", flat=True).first())
            if ticket_id is None:
                return ""
            try:
                ticket = lock_ticket(ticket_id)  # lock order: the ticket first …
            except Ticket.DoesNotExist:
                ticket = None
            action = EscalationAction.objects.select_for_update(no_key=True).get(pk=action_id)  # … then the row
            if action.state != OutboxState.PENDING:
                return ""  # applied by a concurrent run while we waited for the ticket
            rule = EscalationRule.objects.select_related("policy", "policy__escalation_owner").filter(
                pk=action.rule_id).first()
            if ticket is None or rule is None:
                why = "ticket deleted" if ticket is None else "rule deleted"
            else:
                try:
                    why = _perform(action, ticket, rule, now=now)
                except DomainError as exc:  # refused by the ticket service's rules: retrying will not help
                    why = f"refused: {exc.message}"
            action.state = OutboxState.SKIPPED if why else OutboxState.DONE
            action.last_error = why[:500]
            action.attempts += 1
            action.done_at = now
            action.save(update_fields=["state", "last_error", "attempts", "done_at"])
            if why:
                log.info("escalation action %s (%s on ticket %s) skipped: %s", action_id, action.action,
                         ticket_id, why)
            return action.state
    except DatabaseError as exc:
        # Rolled back (the ticket untouched): count the attempt and try again later.
        log.warning("escalation action %s failed: %s", action_id, exc)
        return _attempt_failed(action_id, error=str(exc), now=now)


def _attempt_failed(action_id: int, *, error: str, now: datetime) -> str:
    with transaction.atomic():
        action = EscalationAction.objects.select_for_update(no_key=True).filter(
            pk=action_id, state=OutboxState.PENDING).first()
        if action is None:
            return ""
        action.attempts += 1
        action.last_error = error[:500]
        if action.attempts >= MAX_ATTEMPTS:
            action.state = OutboxState.FAILED
            action.done_at = now
            log.error("escalation action %s given up after %s attempts: %s", action_id, action.attempts, error)
        else:
            action.next_attempt_at = now + backoff(action.attempts)
        action.save(update_fields=["attempts", "last_error", "state", "done_at", "next_attempt_at"])
        return action.state


def escalation_actions_apply(*, now: datetime, action_ids=None, limit: int = 500) -> ApplyResult:
    """Apply the given pending actions, or (re-drive) every pending action whose
    `next_attempt_at` has come, oldest first. Each in its own transaction; one
    failing does not stop the others."""
    qs = EscalationAction.objects.filter(state=OutboxState.PENDING)
    qs = qs.filter(pk__in=list(action_ids)) if action_ids is not None else qs.filter(next_attempt_at__lte=now)
    result = ApplyResult()
    for action_id in qs.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit]:
        state = escalation_action_apply(action_id=action_id, now=now)
        if state:
            result.ids.append(action_id)
        if state == OutboxState.DONE:
            result.done += 1
        elif state == OutboxState.SKIPPED:
            result.skipped += 1
        elif state == OutboxState.PENDING:
            result.retried += 1
        elif state == OutboxState.FAILED:
            result.failed += 1
    return result

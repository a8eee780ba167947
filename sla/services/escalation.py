"""Firing escalation levels: the clocks whose `next_escalation_at` has passed are
locked (`select_for_update(skip_locked=True)`), every plan entry due since then is
logged once (`EscalationLog` unique (clock, rule)), notifications are inserted with
`ON CONFLICT DO NOTHING` on (recipient, key), and `next_escalation_at` moves to the
next entry — all set-based. Actions (raise priority, reassign to a team lead) run
after that through the ticket services, as the escalation owner."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.models import Notification, Ticket
from tickets.models.tickets import OPEN_STATUSES

from ..models import EscalationLog, EscalationRule, Metric, TicketClock
from .notify import RecipientDirectory, escalation_owner, first_team_lead

log = logging.getLogger(__name__)
_parse = datetime.fromisoformat

CLOCK_COLUMNS = ("id", "ticket_id", "metric", "next_escalation_at", "escalation_plan", "responsible_department_id",
                 "customer_tier", "ticket__assignee_id", "ticket__number", "responsible_department__head_id", "due_at")


def _subject(rule: EscalationRule, metric: str, number: str) -> str:
    label = Metric(metric).label
    breached = rule.trigger == EscalationRule.Trigger.OFFSET and (rule.offset_minutes or 0) >= 0 or (
        rule.trigger == EscalationRule.Trigger.PERCENT and (rule.percent or 0) >= 100)
    if breached:
        return _("SLA breached: %(metric)s of %(number)s (level %(level)s)") % {
            "metric": label, "number": number, "level": rule.level}
    return _("SLA at risk: %(metric)s of %(number)s (level %(level)s)") % {
        "metric": label, "number": number, "level": rule.level}


def _set_next(updates: list[tuple[int, datetime | None]]) -> None:
    if not updates:
        return
    if connection.vendor == "postgresql":
        table = TicketClock._meta.db_table
        with connection.cursor() as cur:
            cur.execute(
                f"UPDATE {table} AS c SET next_escalation_at = v.n "  # noqa: S608 - table name from _meta
                "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, n) WHERE c.id = v.id",
                [[u[0] for u in updates], [u[1] for u in updates]],
            )
        return
    objs = [TicketClock(pk=pk, next_escalation_at=n) for pk, n in updates]
    TicketClock.objects.bulk_update(objs, ["next_escalation_at"], batch_size=500)


def escalations_fire(*, now: datetime, limit: int = 50_000) -> dict:
    """Fire every due escalation level once. Must run inside a transaction."""
    rows = list(
        TicketClock.objects.filter(next_escalation_at__lte=now)
        .order_by("next_escalation_at", "id")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list(*CLOCK_COLUMNS)[:limit]
    )
    if not rows:
        return {"escalations": 0, "notifications": 0, "actions": []}
    due: list[tuple] = []  # (row, rule_id, instant)
    updates = []
    for row in rows:
        since, plan = row[3], row[4]
        next_at = None
        for rule_id, _level, iso in plan:
            if iso is None:
                continue
            instant = _parse(iso)
            if instant > now:
                if next_at is None or instant < next_at:
                    next_at = instant
            elif instant >= since:
                due.append((row, rule_id, instant))
        updates.append((row[0], next_at))
    rules = {r.pk: r for r in EscalationRule.objects.filter(pk__in={d[1] for d in due}).select_related(
        "policy", "policy__escalation_owner")}
    directory = RecipientDirectory(department_ids={row[5] for row, rule_id, _ in due
                                                   if rules.get(rule_id) and "department_staff" in
                                                   rules[rule_id].notify})
    # An entry whose instant moved (re-derivation) may already have fired: never act twice.
    acted = set(EscalationLog.objects.filter(
        clock_id__in={row[0] for row, rule_id, _ in due if rules.get(rule_id) and rules[rule_id].action},
    ).values_list("clock_id", "rule_id")) if any(r.action for r in rules.values()) else set()
    logs, notes, actions, recipients_by_note = [], [], [], []
    for row, rule_id, instant in due:
        rule = rules.get(rule_id)
        if rule is None:  # the rule was deleted since the plan was derived
            continue
        clock_id, ticket_id = row[0], row[1]
        logs.append(EscalationLog(clock_id=clock_id, rule_id=rule_id, level=rule.level, scheduled_at=instant,
                                  fired_at=now))
        urgent = rule.urgency == EscalationRule.Urgency.URGENT or (
            rule.urgency == EscalationRule.Urgency.URGENT_IF_VIP and row[6] == "vip")
        who = directory.recipients(rule.notify, assignee_id=row[7], department_id=row[5], head_id=row[9])
        recipients_by_note.append((row, rule, urgent, who))
        if rule.action and (clock_id, rule_id) not in acted:
            actions.append((ticket_id, rule))
    directory.load_departments({u for *_, who in recipients_by_note for u in who})
    for row, rule, urgent, who in recipients_by_note:
        subject = _subject(rule, row[2], row[8])
        due_text = row[10].isoformat() if row[10] else ""
        for user_id in who:
            notes.append(Notification(
                recipient_id=user_id, ticket_id=row[1], key=f"sla:{row[0]}:{rule.pk}", subject=subject[:200],
                body=_("Due at %(due)s.") % {"due": due_text} if due_text else "", url=f"/tickets/{row[1]}/",
                urgent=urgent, created_at=now, deliver_after=directory.deliver_after(user_id, urgent=urgent, now=now),
            ))
    EscalationLog.objects.bulk_create(logs, ignore_conflicts=True, batch_size=5000)
    Notification.objects.bulk_create(notes, ignore_conflicts=True, batch_size=5000)
    _set_next(updates)
    return {"escalations": len(logs), "notifications": len(notes), "actions": actions}


def escalation_actions_run(actions, *, now: datetime) -> int:
    """Raise priority / reassign, through the ticket services (they write events, which
    recompute the clocks). A refused action is logged and skipped."""
    from tickets.services import ticket_assign, ticket_update

    done = 0
    for ticket_id, rule in actions:
        actor = escalation_owner(rule.policy)
        if actor is None:
            log.warning("escalation action %s on ticket %s skipped: no escalation owner", rule.action, ticket_id)
            continue
        try:
            with transaction.atomic():
                ticket = Ticket.objects.get(pk=ticket_id)
                if ticket.status not in OPEN_STATUSES:
                    continue
                reason = _("SLA escalation level %(level)s") % {"level": rule.level}
                if rule.action == EscalationRule.Action.RAISE_PRIORITY and ticket.priority < 4:
                    ticket_update(ticket=ticket, actor=actor, priority=ticket.priority + 1, reason=reason, now=now)
                    done += 1
                elif rule.action == EscalationRule.Action.REASSIGN_TO_LEAD:
                    lead = first_team_lead()
                    if lead is not None and ticket.assignee_id != lead.pk:
                        ticket_assign(ticket=ticket, actor=actor, assignee=lead, now=now)
                        done += 1
        except DomainError as exc:
            log.warning("escalation action %s on ticket %s refused: %s", rule.action, ticket_id, exc)
    return done

"""Firing escalation levels: the clocks whose `next_escalation_at` has passed are
locked (`select_for_update(skip_locked=True)`), every plan entry due since then is
logged once (`EscalationLog` unique (clock, rule)), notifications are inserted with
`ON CONFLICT DO NOTHING` on (recipient, key), and `next_escalation_at` moves to the
next entry — all set-based (`sweep_pg` does the claim in one statement on
PostgreSQL). Actions (raise priority, reassign to a team lead) are recorded as
`EscalationAction` rows in the sweep's transaction and applied after it commits
(`sla.services.actions`)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ClockMetric, EscalationLog, EscalationRule, TicketClock
from .notify import RecipientDirectory

log = logging.getLogger(__name__)
_parse = datetime.fromisoformat

CLOCK_COLUMNS = ("id", "ticket_id", "metric", "next_escalation_at", "escalation_plan", "responsible_department_id",
                 "customer_tier", "ticket__assignee_id", "ticket__number", "responsible_department__head_id", "due_at")


def subject_for(rule: EscalationRule, metric: str, number: str) -> str:
    """The notice's subject (in the active language)."""
    label = ClockMetric(metric).label
    breached = rule.trigger == EscalationRule.Trigger.OFFSET and (rule.offset_minutes or 0) >= 0 or (
        rule.trigger == EscalationRule.Trigger.PERCENT and (rule.percent or 0) >= 100)
    if breached:
        return _("SLA breached: %(metric)s of %(number)s (level %(level)s)") % {
            "metric": label, "number": number, "level": rule.level}
    return _("SLA at risk: %(metric)s of %(number)s (level %(level)s)") % {
        "metric": label, "number": number, "level": rule.level}


def _set_next(updates: list[tuple[int, datetime | None]]) -> None:
    objs = [TicketClock(pk=pk, next_escalation_at=n) for pk, n in updates]
    TicketClock.objects.bulk_update(objs, ["next_escalation_at"], batch_size=500)


def escalations_claim(*, now: datetime, limit: int = 50_000) -> list[tuple]:
    """The portable path (SQLite; PostgreSQL uses `sweep_pg.sweep_claim`): lock the
    clocks whose next escalation has come, log every plan entry due since, move
    `next_escalation_at` on. Returns the NEWLY logged levels as rows of
    (clock_id, ticket_id, metric, due_at, dept_id, tier, rule_id, assignee_id, number, head_id, level)."""
    rows = list(
        TicketClock.objects.filter(next_escalation_at__lte=now)
        .order_by("next_escalation_at", "id")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list(*CLOCK_COLUMNS)[:limit]
    )
    due, updates = [], []
    for row in rows:
        since, next_at = row[3], None
        for rule_id, level, iso in row[4]:
            if iso is None:
                continue
            instant = _parse(iso)
            if instant > now:
                next_at = instant if next_at is None or instant < next_at else next_at
            elif instant >= since:
                due.append((row, rule_id, level, instant))
        updates.append((row[0], next_at))
    known = set(EscalationRule.objects.filter(pk__in={d[1] for d in due}).values_list("pk", flat=True))
    # An entry whose instant moved (re-derivation) may have fired already: report only new ones.
    logged = set(EscalationLog.objects.filter(clock_id__in={d[0][0] for d in due}).values_list("clock_id", "rule_id"))
    fresh = [d for d in due if d[1] in known and (d[0][0], d[1]) not in logged]
    EscalationLog.objects.bulk_create(
        [EscalationLog(clock_id=r[0], rule_id=rule_id, level=level, scheduled_at=at, fired_at=now)
         for r, rule_id, level, at in fresh], ignore_conflicts=True)
    _set_next(updates)
    return [(r[0], r[1], r[2], r[10], r[5], r[6], rule_id, r[7], r[8], r[9], lvl) for r, rule_id, lvl, _at in fresh]


def notifications_build(fired: list[tuple], *, now: datetime) -> tuple[list[tuple], list]:
    """Notifications (rows for `notifications_create_bulk`) and actions
    ((clock_id, ticket_id, rule_id, action, level)) for newly fired levels,
    recipients resolved in bulk."""
    rules = {r.pk: r for r in EscalationRule.objects.filter(pk__in={f[6] for f in fired}).select_related(
        "policy", "policy__escalation_owner")}
    staff_depts = {f[4] for f in fired if "department_staff" in rules[f[6]].notify}
    directory = RecipientDirectory(department_ids=staff_depts)
    planned, actions = [], []
    for clock_id, ticket_id, metric, due_at, dept_id, tier, rule_id, assignee_id, number, head_id, level in fired:
        rule = rules[rule_id]
        urgent = rule.urgency == EscalationRule.Urgency.URGENT or (
            rule.urgency == EscalationRule.Urgency.URGENT_IF_VIP and tier == "vip")
        who = directory.recipients(rule.notify, assignee_id=assignee_id, department_id=dept_id, head_id=head_id)
        planned.append((clock_id, ticket_id, metric, due_at, number, rule, urgent, who))
        if rule.action:
            actions.append((clock_id, ticket_id, rule_id, rule.action, level))
    directory.load_departments({u for *_, who in planned for u in who})
    # Plain tuples (recipient, ticket, key, subject, body, url, urgent, deliver_after):
    # 10,000 model instances would cost more than the insert itself.
    notes = []
    subjects: dict = {}
    due_at_text = _("Due at %(due)s.")
    zone = timezone.get_current_timezone()
    for clock_id, ticket_id, metric, due_at, number, rule, urgent, who in planned:
        key = (rule.pk, metric)
        if key not in subjects:
            subjects[key] = subject_for(rule, metric, "\x00")
        subject = subjects[key].replace("\x00", number)[:200]
        body = due_at_text % {"due": due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")} if due_at else ""
        for user_id in who:
            notes.append((user_id, ticket_id, f"sla:{clock_id}:{rule.pk}", subject, body, f"/tickets/{ticket_id}/",
                          urgent, directory.deliver_after(user_id, urgent=urgent, now=now)))
    return notes, actions

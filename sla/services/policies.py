"""Writes of SLA policies and their escalation rules. Every change bumps the
policy's revision and, after commit, replays the clocks of all open tickets (the
`sla.recompute_open` task), so targets move while spent and paused time stay."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.models import Channel, Customer, Priority, TicketKind

from ..models import ClockMetric, EscalationRule, SlaPolicy
from ..models.policies import DEFAULT_PAUSE_STATUSES
from ..permissions import can_manage_policies

POLICY_FIELDS = ("name", "name_en", "metric", "kind", "priority", "tier", "category", "channel", "rank",
                 "target_minutes", "target_days", "end_of_day", "pause_statuses", "warn_percent", "calendar",
                 "escalation_owner", "agreement_version", "is_active")
PAUSABLE = ("new", "in_progress", "waiting_customer", "waiting_department")


def _check_actor(actor, system: bool) -> None:
    if not system and not can_manage_policies(actor):
        raise DomainError(_("Only service managers and administrators change SLA policies."), code="forbidden",
                          status=403)


def _validate(values: dict) -> None:
    if values.get("metric") not in ClockMetric.values:
        raise DomainError(_("Unknown metric %(metric)r.") % {"metric": values.get("metric")}, field="metric")
    if not (values.get("name") or "").strip():
        raise DomainError(_("A policy needs a name."), field="name")
    checks = (("kind", TicketKind.values), ("tier", Customer.Tier.values), ("channel", Channel.values))
    for name, allowed in checks:
        if values.get(name) and values[name] not in allowed:
            raise DomainError(_("Unknown %(field)s %(value)r.") % {"field": name, "value": values[name]}, field=name)
    if values.get("priority") is not None and values["priority"] not in Priority.values:
        raise DomainError(_("Unknown priority %(value)r.") % {"value": values["priority"]}, field="priority")
    minutes, days = values.get("target_minutes"), values.get("target_days")
    if (minutes is None) == (days is None):
        raise DomainError(_("Give the target either in business minutes or in business days."), field="target")
    if (minutes is not None and minutes <= 0) or (days is not None and days < 0):
        raise DomainError(_("The target must be positive."), field="target")
    if not 1 <= int(values.get("warn_percent") or 0) <= 100:
        raise DomainError(_("The warning threshold is a percentage between 1 and 100."), field="warn_percent")
    statuses = values.get("pause_statuses") or []
    if not isinstance(statuses, list) or any(s not in PAUSABLE for s in statuses):
        raise DomainError(_("Pausing statuses must be among: %(allowed)s.") % {"allowed": ", ".join(PAUSABLE)},
                          field="pause_statuses")


def _after_commit_recompute(now: datetime | None = None) -> None:
    """Durable: a `RecomputeRequest` row in this transaction, run after commit and
    re-driven by beat until done (a lost broker message loses nothing)."""
    from .recompute_requests import recompute_request_create

    recompute_request_create(reason="policy change", now=now or timezone.now())


@transaction.atomic
def policy_create(*, actor, system: bool = False, now: datetime | None = None, recompute: bool = True,
                  **values) -> SlaPolicy:
    _check_actor(actor, system)
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    now = now or timezone.now()
    values.setdefault("pause_statuses", list(DEFAULT_PAUSE_STATUSES.get(values.get("metric"), [])))
    values.setdefault("warn_percent", 75)
    _validate(values)
    policy = SlaPolicy.objects.create(created_at=now, updated_at=now, **values)
    if recompute:
        _after_commit_recompute(now)
    return policy


@transaction.atomic
def policy_update(*, policy: SlaPolicy, actor, system: bool = False, now: datetime | None = None,
                  recompute: bool = True, **changes) -> SlaPolicy:
    _check_actor(actor, system)
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    now = now or timezone.now()
    policy = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
    values = {f: getattr(policy, f) for f in POLICY_FIELDS}
    values.update(changes)
    _validate(values)
    for field, value in changes.items():
        setattr(policy, field, value)
    policy.revision += 1
    policy.updated_at = now
    policy.save()
    if recompute:
        _after_commit_recompute(now)
    return policy


def _bump(policy: SlaPolicy, now: datetime) -> None:
    SlaPolicy.objects.filter(pk=policy.pk).update(revision=policy.revision + 1, updated_at=now)
    policy.refresh_from_db(fields=["revision", "updated_at"])


@transaction.atomic
def escalation_rule_set(*, policy: SlaPolicy, level: int, trigger: str = EscalationRule.Trigger.PERCENT,
                        percent: int | None = None, offset_minutes: int | None = None, notify=(),
                        urgency: str = EscalationRule.Urgency.NORMAL, action: str = "", actor, system: bool = False,
                        now: datetime | None = None, recompute: bool = True) -> EscalationRule:
    """Create or replace the rule at `level` of `policy`."""
    _check_actor(actor, system)
    now = now or timezone.now()
    if trigger == EscalationRule.Trigger.PERCENT:
        if percent is None or not 1 <= percent <= 1000:
            raise DomainError(_("A percent trigger needs a percentage (1–1000)."), field="percent")
        offset_minutes = None
    elif trigger == EscalationRule.Trigger.OFFSET:
        if offset_minutes is None:
            raise DomainError(_("An offset trigger needs an offset in business minutes."), field="offset_minutes")
        percent = None
    else:
        raise DomainError(_("Unknown trigger %(value)r.") % {"value": trigger}, field="trigger")
    notify = list(notify)
    if any(n not in EscalationRule.Recipient.values for n in notify):
        raise DomainError(_("Unknown recipient kind in %(value)r.") % {"value": notify}, field="notify")
    if urgency not in EscalationRule.Urgency.values:
        raise DomainError(_("Unknown urgency %(value)r.") % {"value": urgency}, field="urgency")
    if action not in EscalationRule.Action.values:
        raise DomainError(_("Unknown action %(value)r.") % {"value": action}, field="action")
    if not notify and not action:
        raise DomainError(_("A rule must notify someone or act."), field="notify")
    rule, _created = EscalationRule.objects.update_or_create(
        policy=policy, level=level,
        defaults={"trigger": trigger, "percent": percent, "offset_minutes": offset_minutes, "notify": notify,
                  "urgency": urgency, "action": action},
    )
    _bump(policy, now)
    if recompute:
        _after_commit_recompute(now)
    return rule


@transaction.atomic
def escalation_rule_delete(*, rule: EscalationRule, actor, system: bool = False, now: datetime | None = None,
                           recompute: bool = True) -> None:
    _check_actor(actor, system)
    policy = rule.policy
    rule.delete()
    _bump(policy, now or timezone.now())
    if recompute:
        _after_commit_recompute(now)

"""Per-ticket SLA clocks, derived from the ticket's event log.

`clocks_recompute(ticket=, now=)` replays `ticket.events` (see
`sla.services.derivation` for the rules) and upserts the ticket's `TicketClock`
rows: recomputing twice gives the same rows, and any change of priority,
category, tier, policy or calendar only moves due times — spent and paused time
come from the log and are never lost. Breaches found by the derivation (a clock met
late, or past due at `now`) are recorded here too, with the same attribution the
sweep uses; a breach the new derivation no longer supports is withdrawn.

`on_ticket_event(event)` is subscribed to `tickets.hooks` in `SlaConfig.ready()`: it
runs in the transaction that wrote the event.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sla import calendars as sla_calendars
from sla.models import Breach, EscalationLog, ServiceCalendar, SlaPolicy, TicketClock
from tickets.models import Department, Ticket, TicketEvent
from tickets.models.tickets import OPEN_STATUSES

from . import derivation as d

log = logging.getLogger(__name__)

_policy_cache: dict = {"key": None, "views": []}


def policy_views() -> list[d.PolicyView]:
    """Active policies as the derivation sees them, cached in-process by the set of
    (id, revision) pairs (every policy write bumps the revision)."""
    key = tuple(SlaPolicy.objects.filter(is_active=True).order_by("id").values_list("id", "revision"))
    if _policy_cache["key"] == key:
        return _policy_cache["views"]
    views = []
    for p in SlaPolicy.objects.filter(is_active=True).prefetch_related("rules").order_by("id"):
        views.append(d.PolicyView(
            id=p.pk, revision=p.revision, metric=p.metric, criteria=p.criteria, rank=p.rank,
            target_minutes=p.target_minutes, target_days=p.target_days, end_of_day=p.end_of_day,
            pause_statuses=tuple(p.pause_statuses or ()), warn_percent=p.warn_percent, calendar_id=p.calendar_id,
            rules=tuple((r.pk, r.level, r.trigger, r.percent, r.offset_minutes)
                        for r in sorted(p.rules.all(), key=lambda r: r.level)),
        ))
    _policy_cache.update(key=key, views=views)
    return views


class CalendarResolver:
    """Which calendar each clock runs on, memoised for one recompute."""

    def __init__(self):
        self._by_department: dict = {}
        self._by_id: dict = {}
        self._versions: dict = {}

    def _kernel(self, service_calendar: ServiceCalendar):
        self._by_id[service_calendar.pk] = service_calendar
        return service_calendar.pk, sla_calendars.kernel_calendar(service_calendar)

    def __call__(self, department_id, policy: d.PolicyView):
        try:
            if policy.calendar_id:
                sc = self._by_id.get(policy.calendar_id) or ServiceCalendar.objects.get(pk=policy.calendar_id)
                return self._kernel(sc)
            if department_id not in self._by_department:
                sc = sla_calendars.department_calendar(department_id)
                self._by_department[department_id] = self._kernel(sc)
            return self._by_department[department_id]
        except (sla_calendars.NoCalendar, ServiceCalendar.DoesNotExist, ValueError):
            log.warning("no usable calendar for department %s: SLA clock skipped", department_id)
            return None

    def version_id(self, calendar_id, when: datetime):
        sc = self._by_id.get(calendar_id)
        if sc is None:
            return None
        if calendar_id not in self._versions:
            self._versions[calendar_id] = list(sc.versions.order_by("effective_from"))
        version = sla_calendars.version_for_date(self._versions[calendar_id], sla_calendars.local_date(sc, when))
        return version.pk if version else None


def load_events(ticket_id) -> list[d.Event]:
    rows = TicketEvent.objects.filter(ticket_id=ticket_id).order_by("at", "id").values_list(
        "kind", "at", "field", "old_value", "new_value", "data", "actor_id"
    )
    return [d.Event(*row) for row in rows]


def _spec_values(spec: d.ClockSpec, resolver: CalendarResolver, tier: str) -> dict:
    return {
        "policy_id": spec.policy.id,
        "policy_revision": spec.policy.revision,
        "matched_on": spec.matched_on,
        "calendar_id": spec.calendar_id,
        "calendar_version_id": resolver.version_id(spec.calendar_id, spec.started_at),
        "started_at": spec.started_at,
        "stopped_at": spec.stopped_at,
        "target_seconds": spec.target_seconds,
        "paused_seconds": spec.paused_seconds,
        "elapsed_seconds": spec.elapsed_seconds,
        "due_at": spec.due_at,
        "warn_at": spec.warn_at,
        "next_escalation_at": spec.next_escalation_at,
        "state": spec.state,
        "breached_at": spec.breached_at,
        "responsible_department_id": spec.department_id,
        "responsible_user_id": spec.user_id,
        "customer_tier": tier or "",
        "pauses": spec.pauses,
        "pause_attribution": spec.pause_attribution,
        "escalation_plan": spec.escalation_plan,
    }


def derive_for_ticket(ticket: Ticket, events: list[d.Event], *, now: datetime, fired: dict | None = None,
                      resolver: CalendarResolver | None = None) -> tuple[list[d.ClockSpec], str]:
    """The clock specs of one ticket (no writes). Returns (specs, tier used)."""
    tier = ticket.customer.tier if ticket.status in OPEN_STATUSES else None
    facts = d.facts_from_events(events, tier=tier)
    if facts is None:
        return [], ""
    dept_ids = {t.department_id for t in facts.transfers.values()}
    heads = dict(Department.objects.filter(pk__in=dept_ids).values_list("pk", "head_id")) if dept_ids else {}
    specs = d.derive(facts=facts, policies=policy_views(), calendar_for=resolver or CalendarResolver(),
                     fired=fired or {}, now=now, heads=heads)
    return specs, facts.attrs.get("tier") or ""


@transaction.atomic
def clocks_recompute(*, ticket: Ticket, now: datetime | None = None) -> list[TicketClock]:
    """Replay the ticket's log and upsert its clocks (idempotent)."""
    now = now or timezone.now()
    ticket = Ticket.objects.select_related("customer").get(pk=ticket.pk)
    existing = {(c.metric, c.transfer_id): c for c in TicketClock.objects.filter(ticket=ticket)}
    fired: dict = {}
    by_id = {c.pk: key for key, c in existing.items()}
    for clock_id, rule_id in EscalationLog.objects.filter(clock__ticket=ticket).values_list("clock_id", "rule_id"):
        fired.setdefault(by_id[clock_id], set()).add(rule_id)
    resolver = CalendarResolver()
    specs, tier = derive_for_ticket(ticket, load_events(ticket.pk), now=now, fired=fired, resolver=resolver)

    result = []
    for spec in specs:
        values = _spec_values(spec, resolver, tier)
        clock = existing.pop(spec.key, None)
        if clock is None:
            clock = TicketClock(ticket=ticket, metric=spec.metric, transfer_id=spec.transfer_id, derived_at=now,
                                **values)
            clock.save()
        else:
            changed = [f for f, v in values.items() if getattr(clock, f) != v]
            if changed:
                for f in changed:
                    setattr(clock, f, values[f])
                clock.derived_at = now
                clock.save(update_fields=[f.removesuffix("_id") if f.endswith("_id") else f for f in changed]
                           + ["derived_at"])
        result.append(clock)
    if existing:  # clocks the log no longer supports (e.g. a callback withdrawn by a reopen)
        TicketClock.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    _reconcile_breaches(ticket, result, now)
    return result


def _reconcile_breaches(ticket: Ticket, clocks: list[TicketClock], now: datetime) -> None:
    breaches = {b.clock_id: b for b in Breach.objects.filter(ticket=ticket)}
    for clock in clocks:
        breach = breaches.pop(clock.pk, None)
        if clock.state != "breached":
            if breach is not None:
                breach.delete()
            continue
        values = {"breached_at": clock.breached_at, "department_id": clock.responsible_department_id,
                  "person_id": clock.responsible_user_id, "metric": clock.metric}
        if breach is None:
            Breach.objects.bulk_create(
                [Breach(clock=clock, ticket=ticket, recorded_at=now, **values)], ignore_conflicts=True
            )
        elif any(getattr(breach, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(breach, f, v)
            breach.save(update_fields=["breached_at", "department", "person", "metric"])


def on_ticket_event(event: TicketEvent) -> None:
    """tickets.hooks subscriber: keep the ticket's clocks in step with its log."""
    clocks_recompute(ticket=event.ticket, now=event.at)


def clocks_recompute_open(*, now: datetime | None = None, ticket_ids=None, batch: int = 500) -> int:
    """Recompute the clocks of every open ticket (or of `ticket_ids`) after a policy or
    calendar change, one transaction per ticket. Returns the number of tickets."""
    now = now or timezone.now()
    qs = Ticket.objects.filter(status__in=OPEN_STATUSES) if ticket_ids is None else Ticket.objects.filter(
        pk__in=ticket_ids)
    count = 0
    for ticket in qs.only("pk").order_by("pk").iterator(chunk_size=batch):
        clocks_recompute(ticket=ticket, now=now)
        count += 1
    return count


def clocks_recompute_for_policy(*, policy: SlaPolicy | None = None, now: datetime | None = None) -> int:
    """After a policy change: every open ticket may now match a different policy, so
    all open tickets are replayed (the log is the truth; this is cheap per ticket)."""
    return clocks_recompute_open(now=now)

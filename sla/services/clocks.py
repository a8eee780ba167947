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

Locks (order in `slacenter.locking`): the caller holds the ticket; the recompute
locks the ticket's clocks (`FOR NO KEY UPDATE`) BEFORE it reads anything, so it
waits for a sweep that holds them and then reads what that sweep committed — never
a stale "running" clock next to a breach the sweep has just recorded.

Levels missed during an outage: a level that fell due while its clock ran is sent
by the next sweep however late, as long as the clock still runs. If the clock
stopped (met, cancelled, met late) before any sweep saw the level, the level is
recorded as SKIPPED here (`EscalationLog.skipped`): logged once, so it never fires
later, but neither notified nor acted on — the notice would be about a clock that
is no longer running, and the breach itself is recorded either way.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone

from sla.models import Breach, EscalationLog, SlaPolicy, TicketClock
from slacenter.locking import lock_ticket
from tickets.models import Customer, Department, Ticket, TicketEvent
from tickets.models.tickets import OPEN_STATUSES

from . import derivation as d
from .clock_config import CalendarResolver, _policy_cache, config_read, policy_views

__all__ = ["CalendarResolver", "_policy_cache", "clocks_recompute", "clocks_recompute_for_policy",
           "clocks_recompute_open", "derive_for_ticket", "load_events", "on_ticket_event", "policy_views"]

# Read (raw SQL, portable) by `clocks_recompute`: the derived columns of a clock and its breach.
CLOCK_FIELDS = (
    "policy_id", "policy_revision", "matched_on", "calendar_id", "calendar_version_id", "started_at", "stopped_at",
    "target_seconds", "paused_seconds", "elapsed_seconds", "due_at", "warn_at", "next_escalation_at", "state",
    "breached_at", "responsible_department_id", "responsible_user_id", "customer_tier", "pauses",
    "pause_attribution", "escalation_plan",
)
_JSON = {"matched_on", "pauses", "pause_attribution", "escalation_plan"}
_DATETIMES = {"started_at", "stopped_at", "due_at", "warn_at", "next_escalation_at", "breached_at"}
_ATTNAMES = [f.attname for f in TicketClock._meta.concrete_fields]


def _dt(value):
    """A datetime column as read by a raw cursor (SQLite gives naive UTC)."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def load_events(ticket_id) -> list[d.Event]:
    return _read_log(ticket_id)[2]


_FIELDS = d.POLICY_FIELDS


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _read_log(ticket_id) -> tuple[str | None, str | None, list[d.Event]]:
    """(ticket status, customer tier, events) in one query."""
    ticket, customer, event = Ticket._meta.db_table, Customer._meta.db_table, TicketEvent._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            # Only what the derivation reads: `data` of the kinds it reads it from (no
            # JSON parsing for the comments and replies that make up most of a long
            # log), the new value of status and policy-relevant field changes (not of
            # a long description), never the old value.
            f"SELECT t.status, cu.tier, e.kind, e.at, e.field, "  # noqa: S608
            f"CASE WHEN e.kind = 'status_changed' OR (e.kind = 'field_changed' AND e.field IN ({_marks(_FIELDS)})) "
            f"THEN e.new_value END, "
            f"CASE WHEN e.kind IN ({_marks(d.KINDS_WITH_DATA)}) THEN e.data END, e.actor_id "
            f"FROM {ticket} t LEFT JOIN {customer} cu ON cu.id = t.customer_id "
            f"LEFT JOIN {event} e ON e.ticket_id = t.id WHERE t.id = %s ORDER BY e.at, e.id",
            [*_FIELDS, *d.KINDS_WITH_DATA, ticket_id],
        )
        rows = cur.fetchall()
    if not rows:
        raise Ticket.DoesNotExist(f"ticket {ticket_id}")
    Event = d.Event
    events = [Event(r[2], _dt(r[3]), r[4], "", r[5] or "", _json(r[6]) or {}, r[7]) for r in rows if r[2] is not None]
    return rows[0][0], rows[0][1], events


def _read_clocks(ticket_id) -> list[tuple[int, tuple, dict, dict | None]]:
    """[(clock id, (metric, transfer_id, item_id), {field: value, derived_at}, breach values or None)]."""
    clock, breach = TicketClock._meta.db_table, Breach._meta.db_table
    cols = ", ".join(f"c.{f}" for f in CLOCK_FIELDS)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT c.id, c.metric, c.transfer_id, c.item_id, c.derived_at, {cols}, "  # noqa: S608
            f"b.id, b.breached_at, b.department_id, b.person_id, b.metric "
            f"FROM {clock} c LEFT JOIN {breach} b ON b.clock_id = c.id WHERE c.ticket_id = %s",
            [ticket_id],
        )
        rows = cur.fetchall()
    out = []
    n = len(CLOCK_FIELDS)
    for row in rows:
        values = {}
        for f, v in zip(CLOCK_FIELDS, row[5:5 + n], strict=True):
            values[f] = _json(v) if f in _JSON else _dt(v) if f in _DATETIMES else v
        values["derived_at"] = _dt(row[4])
        b = row[5 + n:]
        breach_values = None if b[0] is None else {"id": b[0], "breached_at": _dt(b[1]), "department_id": b[2],
                                                   "person_id": b[3], "metric": b[4]}
        out.append((row[0], (row[1], row[2], row[3]), values, breach_values))
    return out


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


@transaction.atomic(savepoint=False)
def clocks_recompute(*, ticket: Ticket, now: datetime | None = None,
                     created: TicketEvent | None = None) -> list[TicketClock]:
    """Replay the ticket's log and upsert its clocks (idempotent). Three reads (the
    configuration check with the fired levels and transfer heads, the log with the
    ticket's status and tier, the clocks with their breaches); writes only for
    clocks, and breaches, whose derived values changed. `created`: the ticket's
    `created` event, just written — its whole log — so only the configuration is read."""
    now = now or timezone.now()
    ticket_id = ticket.pk
    if created is not None:
        # A ticket just opened: its log is this one event and it has no clocks yet, so
        # nothing to lock or read back (the create path's speed depends on it).
        config = config_read(ticket_id)
        status, tier, stored = ticket.status, ticket.customer.tier, []
        events = [d.Event(created.kind, created.at, "", "", "", created.data or {}, created.actor_id)]
    else:
        _lock_clocks(ticket_id)  # before any read (lock order: slacenter.locking)
        config = config_read(ticket_id)
        status, tier, events = _read_log(ticket_id)
        stored = _read_clocks(ticket_id)
    by_key = {key: (pk, values, breach) for pk, key, values, breach in stored}
    fired = {key: config.fired_by_clock[pk] for pk, key, _v, _b in stored if pk in config.fired_by_clock}
    facts = d.facts_from_events(events, tier=tier if status in OPEN_STATUSES else None)
    specs = [] if facts is None else d.derive(facts=facts, policies=config.policies, calendar_for=config.resolver,
                                              fired=fired, now=now, heads=config.heads)
    used_tier = (facts.attrs.get("tier") or "") if facts is not None else ""

    result, new, changed, changed_fields = [], [], [], set()
    for spec in specs:
        values = _spec_values(spec, config.resolver, used_tier)
        pk, old, breach = by_key.pop(spec.key, (None, None, None))
        if pk is None:
            clock = _instance(None, ticket_id, spec, now, values)
            new.append(clock)
        else:
            diff = [f for f, v in values.items() if old[f] != v]
            clock = _instance(pk, ticket_id, spec, now if diff else old["derived_at"], values)
            if diff:
                changed.append(clock)
                changed_fields.update(diff)
            clock._stored_breach = breach
        result.append(clock)
    if new:
        TicketClock.objects.bulk_create(new)
    if changed:
        TicketClock.objects.bulk_update(changed, sorted(changed_fields) + ["derived_at"])
    if by_key:  # clocks the log no longer supports (e.g. a callback withdrawn by a reopen)
        TicketClock.objects.filter(pk__in=[pk for pk, _v, _b in by_key.values()]).delete()
    _reconcile_breaches(ticket_id, result, now)
    _skip_missed_levels(result, fired, now)
    return result


def _lock_clocks(ticket_id: int) -> None:
    """Step 3 of the lock order: the ticket's clocks, weakest lock that keeps a
    sweep out (its `FOR UPDATE SKIP LOCKED` claim skips them until we commit)."""
    if connection.vendor != "postgresql":
        return  # SQLite: one writer at a time already
    with connection.cursor() as cur:
        cur.execute(f"SELECT id FROM {TicketClock._meta.db_table} WHERE ticket_id = %s "  # noqa: S608
                    "ORDER BY id FOR NO KEY UPDATE", [ticket_id])


def _skip_missed_levels(clocks: list[TicketClock], fired: dict, now: datetime) -> None:
    """Record as skipped the levels of stopped clocks that fell due before the stop
    and were never fired (see the module docstring)."""
    skipped = []
    for clock in clocks:
        if clock.stopped_at is None:
            continue
        done = fired.get((clock.metric, clock.transfer_id, clock.item_id), set())
        for rule_id, level, iso in clock.escalation_plan:
            if iso is not None and rule_id not in done:
                skipped.append(EscalationLog(clock_id=clock.pk, rule_id=rule_id, level=level,
                                             scheduled_at=datetime.fromisoformat(iso), fired_at=now, skipped=True))
    if skipped:
        EscalationLog.objects.bulk_create(skipped, ignore_conflicts=True)


def _instance(pk, ticket_id: int, spec: d.ClockSpec, derived_at: datetime, values: dict) -> TicketClock:
    """A TicketClock built positionally (several times cheaper than keyword arguments)."""
    row = {"id": pk, "ticket_id": ticket_id, "metric": spec.metric, "transfer_id": spec.transfer_id,
           "item_id": spec.item_id, "derived_at": derived_at, **values}
    return TicketClock(*[row[name] for name in _ATTNAMES])


def _reconcile_breaches(ticket_id: int, clocks: list[TicketClock], now: datetime) -> None:
    """A breach per breached clock, with the clock's due instant and attribution; a
    breach the derivation no longer supports is withdrawn."""
    create, drop = [], []
    for clock in clocks:
        breach = getattr(clock, "_stored_breach", None)
        if clock.state != "breached":
            if breach is not None:
                drop.append(breach["id"])
            continue
        values = {"breached_at": clock.breached_at, "department_id": clock.responsible_department_id,
                  "person_id": clock.responsible_user_id, "metric": clock.metric}
        if breach is None:
            create.append(Breach(clock_id=clock.pk, ticket_id=ticket_id, recorded_at=now, **values))
        elif any(breach[f] != v for f, v in values.items()):
            Breach.objects.filter(pk=breach["id"]).update(**values)
    if drop:
        Breach.objects.filter(pk__in=drop).delete()
    if create:
        Breach.objects.bulk_create(create, ignore_conflicts=True)


def on_ticket_event(event: TicketEvent) -> None:
    """tickets.hooks subscriber: keep the ticket's clocks in step with its log."""
    created = event if event.kind == TicketEvent.Kind.CREATED else None
    clocks_recompute(ticket=event.ticket, now=event.at, created=created)


def clocks_recompute_open(*, now: datetime | None = None, ticket_ids=None, batch: int = 500) -> int:
    """Recompute the clocks of every open ticket (or of `ticket_ids`) after a policy or
    calendar change, one transaction per ticket. Returns the number of tickets."""
    now = now or timezone.now()
    qs = Ticket.objects.filter(status__in=OPEN_STATUSES) if ticket_ids is None else Ticket.objects.filter(
        pk__in=ticket_ids)
    count = 0
    for ticket_id in list(qs.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            try:
                ticket = lock_ticket(ticket_id)  # lock order: the ticket before its clocks
            except Ticket.DoesNotExist:
                continue
            clocks_recompute(ticket=ticket, now=now)
        count += 1
    return count


def clocks_recompute_for_policy(*, policy: SlaPolicy | None = None, now: datetime | None = None) -> int:
    """After a policy change: every open ticket may now match a different policy, so
    all open tickets are replayed (the log is the truth; this is cheap per ticket)."""
    return clocks_recompute_open(now=now)

"""Replaying a ticket's event log into SLA clock specifications — pure functions, no
ORM, `now` passed in. `sla.services.clocks` feeds them rows and stores the result.

Rules (each one a decision; see also docs in `clocks_recompute`):

- Policy: chosen per metric from the ticket's CURRENT attributes (after every
  priority/category/kind/channel change in the log). The target is applied from the
  clock's start over the whole history, so a change moves the due time but never
  loses spent or paused time.
- first_response: from creation to the first public reply; resolving or closing
  without one meets it at that instant; "close as invalid" cancels it.
- resolution: from creation to the (last) resolution. A reopen continues the same
  clock: the time it spent resolved is not counted (a "resolved" pause), the reopened
  time is. Pausing statuses come from the policy (waiting_customer and
  waiting_department by default); waiting_department time is attributed to the
  departments with an open transfer, split equally while several are open.
- department_reply: one per transfer, from the transfer to the department's reply
  or bounce, on the receiving department's calendar.
- callback: from the (last) resolution to a "callback_done" event (written by the
  complaints app); a reopen withdraws it until the next resolution.
- A clock paused right now has no due time (it is unknown until it resumes);
  anything scheduled after the pause began waits too.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime

from sla import clock

FIRST_RESPONSE, DEPARTMENT_REPLY, RESOLUTION, CALLBACK = "first_response", "department_reply", "resolution", "callback"
CENTER_METRICS = (FIRST_RESPONSE, RESOLUTION, CALLBACK)
RESOLVED_STATUSES = ("resolved", "closed")


@dataclass
class Event:
    kind: str
    at: datetime
    field: str = ""
    old: str = ""
    new: str = ""
    data: dict = dc_field(default_factory=dict)
    actor_id: int | None = None


@dataclass
class TransferFacts:
    id: int
    department_id: int
    opened_at: datetime
    closed_at: datetime | None = None
    closed_by: int | None = None
    bounced: bool = False


@dataclass
class Facts:
    """What the log says, in the shape the clocks need."""

    created_at: datetime
    attrs: dict  # kind, channel, category, priority, tier (current values)
    department_id: int | None
    statuses: list  # [(at, status)] starting with (created_at, "new")
    assignees: list  # [(at, user_id)]
    first_reply_at: datetime | None = None
    cancelled_at: datetime | None = None
    transfers: dict = dc_field(default_factory=dict)  # id -> TransferFacts
    callbacks: list = dc_field(default_factory=list)  # [at]

    def status_at_end(self) -> str:
        return self.statuses[-1][1]

    def assignee_at(self, when: datetime) -> int | None:
        current = None
        for at, user_id in self.assignees:
            if at > when:
                break
            current = user_id
        return current


def _int_or_none(value):
    try:
        return int(value) if value not in ("", None) else None
    except (TypeError, ValueError):
        return None


def facts_from_events(events: list[Event], *, tier: str | None = None) -> Facts | None:
    """Read the log once. `tier` overrides the snapshot's (the customer's current tier
    for open tickets: a tier change writes no ticket event). None without a created event."""
    if not events or events[0].kind != "created":
        created = next((e for e in events if e.kind == "created"), None)
        if created is None:
            return None
    else:
        created = events[0]
    snap = created.data or {}
    attrs = {
        "kind": snap.get("kind") or None,
        "channel": snap.get("channel") or None,
        "category": snap.get("category"),
        "priority": snap.get("priority"),
        "tier": tier or snap.get("tier") or None,
    }
    facts = Facts(
        created_at=created.at,
        attrs=attrs,
        department_id=snap.get("department"),
        statuses=[(created.at, "new")],
        assignees=[(created.at, snap.get("assignee"))],
    )
    for e in events:
        kind = e.kind
        if kind == "status_changed":
            facts.statuses.append((e.at, e.new))
            if (e.data or {}).get("action") == "cancel" and facts.cancelled_at is None:
                facts.cancelled_at = e.at
        elif kind == "replied":
            if facts.first_reply_at is None:
                facts.first_reply_at = e.at
        elif kind == "assigned":
            facts.assignees.append((e.at, (e.data or {}).get("new")))
        elif kind == "field_changed":
            if e.field == "priority":
                facts.attrs["priority"] = _int_or_none(e.new)
            elif e.field == "category":
                facts.attrs["category"] = _int_or_none(e.new)
            elif e.field in ("kind", "channel", "tier"):
                facts.attrs[e.field] = e.new or None
        elif kind == "transferred":
            tid = (e.data or {}).get("transfer")
            if tid is not None:
                facts.transfers[tid] = TransferFacts(tid, (e.data or {}).get("department"), e.at)
        elif kind in ("transfer_replied", "transfer_bounced"):
            t = facts.transfers.get((e.data or {}).get("transfer"))
            if t is not None and t.closed_at is None:
                t.closed_at, t.closed_by, t.bounced = e.at, e.actor_id, kind == "transfer_bounced"
        elif kind == "callback_done":
            facts.callbacks.append(e.at)
    return facts


# --- policy selection ------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyView:
    """The fields of an SlaPolicy the derivation reads (built by the ORM side)."""

    id: int
    revision: int
    metric: str
    criteria: dict  # kind, priority, tier, category, channel (None = any)
    rank: int
    target_minutes: int | None
    target_days: int | None
    end_of_day: bool
    pause_statuses: tuple
    warn_percent: int
    calendar_id: int | None
    rules: tuple  # ((rule_id, level, trigger, percent, offset_minutes), ...)

    @property
    def specificity(self) -> int:
        return sum(v is not None for v in self.criteria.values())


def select_policy(policies, metric: str, attrs: dict) -> PolicyView | None:
    """Most specific match, then higher rank, then lower id."""
    best, best_key = None, None
    for p in policies:
        if p.metric != metric:
            continue
        if any(want is not None and want != attrs.get(name) for name, want in p.criteria.items()):
            continue
        key = (-p.specificity, -p.rank, p.id)
        if best_key is None or key < best_key:
            best, best_key = p, key
    return best


def matched_on(policy: PolicyView, attrs: dict) -> dict:
    return {name: attrs.get(name) for name, want in policy.criteria.items() if want is not None}


# --- one clock -------------------------------------------------------------------------


@dataclass
class ClockSpec:
    metric: str
    transfer_id: int | None
    policy: PolicyView
    calendar_id: int | None
    started_at: datetime
    stopped_at: datetime | None
    target_seconds: int
    paused_seconds: int
    elapsed_seconds: int
    due_at: datetime | None
    warn_at: datetime | None
    next_escalation_at: datetime | None
    state: str
    breached_at: datetime | None
    department_id: int | None
    user_id: int | None
    pauses: list
    pause_attribution: dict
    escalation_plan: list
    matched_on: dict

    @property
    def key(self):
        return (self.metric, self.transfer_id)


def target_seconds(policy: PolicyView, cal: clock.Calendar, start: datetime) -> int:
    if policy.target_minutes is not None:
        return policy.target_minutes * 60
    due = clock.add_days(cal, start, policy.target_days or 0, end_of_day=policy.end_of_day)
    return clock.elapsed(cal, start, due) if due > start else 0


def status_intervals(facts: Facts, wanted, start: datetime, stop: datetime | None):
    """[(a, b|None, status)] where the ticket was in one of `wanted`, from `start`,
    only those beginning before `stop`."""
    out = []
    st = facts.statuses
    for i, (at, status) in enumerate(st):
        if status not in wanted:
            continue
        end = st[i + 1][0] if i + 1 < len(st) else None
        a = max(at, start)
        if end is not None and end <= a:
            continue
        if stop is not None and a >= stop:
            continue
        out.append((a, end, status))
    return out


def _attribution(facts: Facts, cal, pauses, until: datetime) -> tuple[list, dict]:
    """Per waiting_department pause: which departments had an open transfer; business
    seconds split equally among those open at each moment."""
    shares: dict[str, int] = {}
    annotated = []
    for a, b, status in pauses:
        depts: list[int] = []
        if status == "waiting_department":
            end = b if b is not None else max(a, until)
            points = {a, end}
            for t in facts.transfers.values():
                for x in (t.opened_at, t.closed_at):
                    if x is not None and a < x < end:
                        points.add(x)
            ordered = sorted(points)
            for sa, sb in zip(ordered, ordered[1:], strict=False):
                open_now = sorted({t.department_id for t in facts.transfers.values()
                                   if t.opened_at <= sa and (t.closed_at is None or t.closed_at >= sb)})
                if not open_now:
                    continue
                secs = clock.elapsed(cal, sa, sb)
                each, rest = divmod(secs, len(open_now))
                for i, d in enumerate(open_now):
                    shares[str(d)] = shares.get(str(d), 0) + each + (rest if i == 0 else 0)
            depts = sorted({t.department_id for t in facts.transfers.values()
                            if t.opened_at <= end and (t.closed_at is None or t.closed_at > a)})
        annotated.append([a.isoformat(), b.isoformat() if b else None, status, depts])
    return annotated, shares


def derive_clock(*, metric, transfer_id, policy: PolicyView, cal: clock.Calendar, calendar_id, facts: Facts,
                 start: datetime, stop: datetime | None, cancelled: bool, pauses: list, fired: set,
                 now: datetime, department_id, user_for) -> ClockSpec:
    """One clock from its start, stop and pause intervals. `user_for(instant, breached)`
    names the responsible person at an instant; `fired` holds rule ids already fired."""
    target = target_seconds(policy, cal, start)
    if stop is not None:  # a stopped clock has no open pause: clip at the stop
        pauses = [(a, b if b is not None else max(a, stop), s) for a, b, s in pauses]
    closed = [(a, b) for a, b, _ in pauses if b is not None]
    open_from = next((a for a, b, _ in pauses if b is None), None)
    end_obs = stop or open_from or now
    end_obs = max(end_obs, start)
    elapsed = clock.elapsed(cal, start, end_obs, closed)
    # Paused business time = working time up to the end of observation minus what ran,
    # plus the current open pause so far (two kernel calls, however many pauses).
    paused = clock.elapsed(cal, start, end_obs) - elapsed if closed else 0
    if open_from is not None and stop is None and now > open_from:
        paused += clock.elapsed(cal, max(open_from, start), now)

    def at(secs: int) -> datetime | None:
        instant = clock.add(cal, start, secs, closed)
        if open_from is not None and instant > open_from:
            return None  # not reached before the current pause: unknown until it resumes
        return instant

    due = at(target)
    warn = at(target * policy.warn_percent // 100)
    if stop is not None:
        if due is not None and stop > due:
            state = "breached"
        else:
            state = "cancelled" if cancelled else "met"
    elif due is not None and (open_from is not None or due <= now):
        state = "breached"
    else:
        state = "paused" if open_from is not None else "running"
    breached_at = due if state == "breached" else None

    plan = []
    for rule_id, level, trigger, percent, offset in policy.rules:
        if trigger == "percent":
            instant = at(target * (percent or 0) // 100)
        else:
            instant = clock.add(cal, due, (offset or 0) * 60) if due is not None else None
        if stop is not None and (instant is None or instant > stop):
            continue  # moot: the clock stopped first
        plan.append([rule_id, level, instant])
    plan.sort(key=lambda r: (r[2] is None, r[2] or start, r[1]))
    pending = [r[2] for r in plan if r[2] is not None and r[0] not in fired]
    next_escalation = min(pending) if pending and stop is None else None

    # The responsible person: at the due instant if breached, else when it stopped
    # (or paused), else now.
    who_at = breached_at or stop or open_from or now
    annotated, shares = _attribution(facts, cal, pauses, stop or now)
    return ClockSpec(
        metric=metric, transfer_id=transfer_id, policy=policy, calendar_id=calendar_id, started_at=start,
        stopped_at=stop, target_seconds=target, paused_seconds=paused, elapsed_seconds=elapsed, due_at=due,
        warn_at=warn, next_escalation_at=next_escalation, state=state, breached_at=breached_at,
        department_id=department_id, user_id=user_for(who_at, state == "breached"), pauses=annotated,
        pause_attribution=shares,
        escalation_plan=[[r, lvl, i.isoformat() if i else None] for r, lvl, i in plan],
        matched_on=matched_on(policy, facts.attrs),
    )


def _resolution_stop(facts: Facts):
    """(stop instant or None, resolved pauses before a reopen)."""
    pauses, resolved_from = [], None
    for at, status in facts.statuses:
        if status in RESOLVED_STATUSES:
            if resolved_from is None:
                resolved_from = at
        elif resolved_from is not None:
            pauses.append((resolved_from, at, "resolved"))
            resolved_from = None
    return resolved_from, pauses


def derive(*, facts: Facts, policies, calendar_for, fired: dict, now: datetime, heads: dict) -> list[ClockSpec]:
    """Every clock of one ticket. `calendar_for(department_id, policy)` returns
    (calendar_id, kernel Calendar) or None (no calendar: no clock); `fired` maps
    (metric, transfer_id) to the set of rule ids already fired; `heads` maps
    department id to its head's user id."""
    specs: list[ClockSpec] = []
    attrs = facts.attrs
    cancelled_at = facts.cancelled_at

    def center_user(instant, _breached):
        return facts.assignee_at(instant)

    def center_clock(metric, start, stop, cancelled, extra_pauses=()):
        policy = select_policy(policies, metric, attrs)
        if policy is None:
            return
        resolved = calendar_for(facts.department_id, policy)
        if resolved is None:
            return
        calendar_id, cal = resolved
        pauses = status_intervals(facts, policy.pause_statuses, start, stop) + list(extra_pauses)
        pauses.sort(key=lambda p: p[0])
        specs.append(derive_clock(
            metric=metric, transfer_id=None, policy=policy, cal=cal, calendar_id=calendar_id, facts=facts,
            start=start, stop=stop, cancelled=cancelled, pauses=pauses, fired=fired.get((metric, None), set()),
            now=now, department_id=facts.department_id, user_for=center_user,
        ))

    # First response.
    fr_stop = facts.first_reply_at
    first_resolved = next((at for at, s in facts.statuses if s in RESOLVED_STATUSES), None)
    if fr_stop is None or (first_resolved is not None and first_resolved < fr_stop):
        fr_stop = first_resolved
    center_clock(FIRST_RESPONSE, facts.created_at, fr_stop, cancelled_at is not None and fr_stop == cancelled_at)

    # Resolution (continues across reopens).
    res_stop, resolved_pauses = _resolution_stop(facts)
    center_clock(RESOLUTION, facts.created_at, res_stop, cancelled_at is not None and res_stop == cancelled_at,
                 extra_pauses=resolved_pauses)

    # Callback: after the current resolution, unless the ticket was closed as invalid.
    if res_stop is not None and cancelled_at is None:
        done = next((at for at in facts.callbacks if at >= res_stop), None)
        center_clock(CALLBACK, res_stop, done, False)

    # Department replies: one per transfer, on the receiving department's calendar.
    policy = select_policy(policies, DEPARTMENT_REPLY, attrs)
    if policy is not None:
        for t in facts.transfers.values():
            resolved = calendar_for(t.department_id, policy)
            if resolved is None:
                continue
            calendar_id, cal = resolved
            pauses = status_intervals(facts, policy.pause_statuses, t.opened_at, t.closed_at)

            def dept_user(instant, breached, t=t):
                if breached and t.closed_at is not None and t.closed_by is not None:
                    return t.closed_by
                return heads.get(t.department_id)

            specs.append(derive_clock(
                metric=DEPARTMENT_REPLY, transfer_id=t.id, policy=policy, cal=cal, calendar_id=calendar_id,
                facts=facts, start=t.opened_at, stop=t.closed_at, cancelled=False, pauses=pauses,
                fired=fired.get((DEPARTMENT_REPLY, t.id), set()), now=now, department_id=t.department_id,
                user_for=dept_user,
            ))
    return specs

"""One clock: start, stop and pauses in; due, warn, state, escalation plan and
attribution out (all business-time arithmetic through `sla.kernel`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sla import kernel

from .facts import Facts
from .policy import PolicyView, matched_on


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
    item_id: int | None = None  # a consultation invite (reply clocks per invited department)

    @property
    def key(self):
        return (self.metric, self.transfer_id, self.item_id)


def target_seconds(policy: PolicyView, cal: kernel.Calendar, start: datetime) -> int:
    if policy.target_minutes is not None:
        return policy.target_minutes * 60
    due = kernel.add_days(cal, start, policy.target_days or 0, end_of_day=policy.end_of_day)
    return kernel.elapsed(cal, start, due) if due > start else 0


def elapsed_seconds(cal: kernel.Calendar, *, start: datetime, stop: datetime | None,
                    pauses: list[tuple[datetime, datetime | None]], now: datetime) -> int:
    """Business time a clock has run from `start` until `now` (or until it stopped, or
    until its current pause began), closed pauses left out. The one rule for "counted
    so far", used by the derivation and by pages showing a clock between derivations."""
    closed = [(a, b) for a, b in pauses if b is not None]
    open_from = next((a for a, b in pauses if b is None), None)
    end = max(stop or open_from or now, start)
    return kernel.elapsed(cal, start, end, closed)


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
                secs = kernel.elapsed(cal, sa, sb)
                each, rest = divmod(secs, len(open_now))
                for i, d in enumerate(open_now):
                    shares[str(d)] = shares.get(str(d), 0) + each + (rest if i == 0 else 0)
            depts = sorted({t.department_id for t in facts.transfers.values()
                            if t.opened_at <= end and (t.closed_at is None or t.closed_at > a)})
        annotated.append([a.isoformat(), b.isoformat() if b else None, status, depts])
    return annotated, shares


def derive_clock(*, metric, transfer_id, policy: PolicyView, cal: kernel.Calendar, calendar_id, facts: Facts,
                 start: datetime, stop: datetime | None, cancelled: bool, pauses: list, fired: set,
                 now: datetime, department_id, user_for, item_id=None, target: int | None = None) -> ClockSpec:
    """One clock from its start, stop and pause intervals. `user_for(instant, breached)`
    names the responsible person at an instant; `fired` holds rule ids already fired.
    `target` (business seconds) overrides the policy's (a consultation's own deadline)."""
    target = target_seconds(policy, cal, start) if target is None else target
    if stop is not None:  # a stopped clock has no open pause: clip at the stop
        pauses = [(a, b if b is not None else max(a, stop), s) for a, b, s in pauses]
    closed = [(a, b) for a, b, _ in pauses if b is not None]
    open_from = next((a for a, b, _ in pauses if b is None), None)
    end_obs = max(stop or open_from or now, start)
    elapsed = elapsed_seconds(cal, start=start, stop=stop, pauses=[(a, b) for a, b, _ in pauses], now=now)
    # Paused business time = working time up to the end of observation minus what ran,
    # plus the current open pause so far (two kernel calls, however many pauses).
    paused = kernel.elapsed(cal, start, end_obs) - elapsed if closed else 0
    if open_from is not None and stop is None and now > open_from:
        paused += kernel.elapsed(cal, max(open_from, start), now)

    def at(secs: int) -> datetime | None:
        instant = kernel.add(cal, start, secs, closed)
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
            instant = kernel.add(cal, due, (offset or 0) * 60) if due is not None else None
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
        matched_on=matched_on(policy, facts.attrs), item_id=item_id,
    )


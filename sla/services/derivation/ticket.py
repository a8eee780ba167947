"""Every clock of one ticket, from its facts."""

from __future__ import annotations

from datetime import datetime

from .facts import (
    ACKNOWLEDGEMENT,
    APPROVAL,
    ASSESSMENT,
    CALLBACK,
    CONSULTATION_REPLY,
    DEPARTMENT_REPLY,
    FIRST_RESPONSE,
    RESOLUTION,
    RESOLVED_STATUSES,
    STAGE_UPDATE,
    Facts,
)
from .policy import PolicyView, select_policy
from .spec import ClockSpec, derive_clock, status_intervals


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
    (metric, transfer_id, item_id) to the set of rule ids already fired; `heads` maps
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
            start=start, stop=stop, cancelled=cancelled, pauses=pauses, fired=fired.get((metric, None, None), set()),
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
        # Met only by a real callback outcome (a callback-done event). Closing the
        # ticket without one stops the clock unmeasured ("cancelled"), or breached
        # when the close came after the due instant.
        done = min((at for at in facts.callbacks if at >= res_stop), default=None)
        closed = min((at for at in facts.closes if at >= res_stop), default=None)
        if done is not None and (closed is None or done <= closed):
            center_clock(CALLBACK, res_stop, done, False)
        else:
            center_clock(CALLBACK, res_stop, closed, closed is not None)

    _complaint_clocks(facts, res_stop, center_clock)

    # The current approval step of a complaint remedy, on the approver's department calendar.
    approval = max(facts.approvals.values(), key=lambda a: (a.opened_at, a.id), default=None)
    policy = select_policy(policies, APPROVAL, attrs) if approval is not None else None
    resolved = calendar_for(approval.department_id or facts.department_id, policy) if policy else None
    if resolved is not None:
        calendar_id, cal = resolved
        specs.append(derive_clock(
            metric=APPROVAL, transfer_id=None, policy=policy, cal=cal, calendar_id=calendar_id, facts=facts,
            start=approval.opened_at, stop=approval.closed_at, cancelled=False,
            pauses=status_intervals(facts, policy.pause_statuses, approval.opened_at, approval.closed_at),
            fired=fired.get((APPROVAL, None, None), set()), now=now,
            department_id=approval.department_id or facts.department_id,
            user_for=lambda _instant, _breached, a=approval: a.approver_id,
        ))

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
                fired=fired.get((DEPARTMENT_REPLY, t.id, None), set()), now=now, department_id=t.department_id,
                user_for=dept_user,
            ))
    _consultation_clocks(facts, policies, calendar_for, fired, now, specs)
    return specs


# Without a consultation reply policy the clock still runs (its target is the
# consultation's own deadline); a policy adds the warning share and the escalation ladder.
DEFAULT_CONSULTATION_POLICY = PolicyView(
    id=None, revision=0, metric=CONSULTATION_REPLY, criteria={}, rank=0, target_minutes=None, target_days=0,
    end_of_day=False, pause_statuses=(), warn_percent=75, calendar_id=None, rules=())


def _consultation_clocks(facts: Facts, policies, calendar_for, fired, now, specs) -> None:
    """One reply clock per department invited to a joint consultation, on that
    department's calendar: from the convening to its first findings (met), or to the
    conclusion (cancelled if before the deadline, breached after). Target: the business
    time from the convening to the consultation's deadline on that calendar."""
    if not facts.invites:
        return
    from sla import kernel

    policy = select_policy(policies, CONSULTATION_REPLY, facts.attrs) or DEFAULT_CONSULTATION_POLICY
    for invite in facts.invites.values():
        resolved = calendar_for(invite.department_id, policy)
        if resolved is None or invite.deadline is None:
            continue
        calendar_id, cal = resolved
        target = kernel.elapsed(cal, invite.opened_at, invite.deadline) if invite.deadline > invite.opened_at else 0

        def who(_instant, breached, i=invite):
            return i.closed_by if breached and i.closed_by is not None else i.head_id

        specs.append(derive_clock(
            metric=CONSULTATION_REPLY, transfer_id=None, policy=policy, cal=cal, calendar_id=calendar_id,
            facts=facts, start=invite.opened_at, stop=invite.closed_at, cancelled=invite.cancelled,
            pauses=status_intervals(facts, policy.pause_statuses, invite.opened_at, invite.closed_at),
            fired=fired.get((CONSULTATION_REPLY, None, invite.id), set()), now=now,
            department_id=invite.department_id, user_for=who, item_id=invite.id, target=target,
        ))


def _complaint_clocks(facts: Facts, res_stop, center_clock) -> None:
    """The complaint loop's clocks, for tickets with a complaint intake event:
    acknowledgement and assessment from intake; the stage update rolls from the last
    customer-facing reply (or the intake) and stops at the resolution (the final reply).
    Being rolling, an earlier late update is not kept once a later reply restarts it."""
    if facts.intake_at is None:
        return
    center_clock(ACKNOWLEDGEMENT, facts.intake_at, facts.acknowledged_at, False)
    center_clock(ASSESSMENT, facts.intake_at, facts.assessed_at, False)
    limit = res_stop
    replies = [at for at in facts.public_replies if at >= facts.intake_at and (limit is None or at <= limit)]
    start = max(replies, default=facts.intake_at)
    center_clock(STAGE_UPDATE, start, res_stop if res_stop is not None and res_stop >= start else None, False)

"""What a ticket's event log says, read once into the shape the clocks need."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime

FIRST_RESPONSE, DEPARTMENT_REPLY, RESOLUTION, CALLBACK = "first_response", "department_reply", "resolution", "callback"
ACKNOWLEDGEMENT, ASSESSMENT, STAGE_UPDATE, APPROVAL = "acknowledgement", "assessment", "stage_update", "approval"
CONSULTATION_REPLY = "consultation_reply"
CENTER_METRICS = (FIRST_RESPONSE, RESOLUTION, CALLBACK, ACKNOWLEDGEMENT, ASSESSMENT, STAGE_UPDATE)
# Event kinds of the complaint loop, read by their codes (sla never imports complaints).
COMPLAINT_INTAKE, COMPLAINT_ACKNOWLEDGED, COMPLAINT_ASSESSED = (
    "complaint.intake", "complaint.acknowledged", "complaint.assessed")
APPROVAL_REQUESTED, APPROVAL_DECIDED = "complaint.approval_requested", "complaint.approval_decided"
CONSULTATION_CONVENED, CONSULTATION_ANSWERED, CONSULTATION_CONCLUDED = (
    "complaint.consultation_convened", "complaint.consultation_answered", "complaint.consultation_concluded")
# A real callback outcome (by phone, unreachable after the attempts, or the survey
# answered on the tracking page). "callback_done" is the older, unprefixed code.
CALLBACK_DONE_KINDS = ("complaint.callback_done", "callback_done")
RESOLVED_STATUSES = ("resolved", "closed")
# The ticket fields whose changes select policies (readers may skip the values of others).
POLICY_FIELDS = ("priority", "category", "kind", "channel", "tier")
# The event kinds whose `data` `facts_from_events` reads (readers may skip the rest).
KINDS_WITH_DATA = ("created", "status_changed", "assigned", "transferred", "transfer_replied", "transfer_bounced",
                   APPROVAL_REQUESTED, APPROVAL_DECIDED, CONSULTATION_CONVENED, CONSULTATION_ANSWERED,
                   CONSULTATION_CONCLUDED)


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
class ApprovalFacts:
    id: int
    department_id: int | None
    approver_id: int | None
    opened_at: datetime
    closed_at: datetime | None = None


@dataclass
class InviteFacts:
    """One department invited to a joint consultation: its reply is due by the
    consultation's deadline; the first answer meets it, the conclusion stops it."""

    id: int
    consultation_id: int
    department_id: int | None
    head_id: int | None
    opened_at: datetime
    deadline: datetime | None
    closed_at: datetime | None = None
    closed_by: int | None = None
    cancelled: bool = False  # concluded before this department answered


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
    callbacks: list = dc_field(default_factory=list)  # [at] of callback_done events
    closes: list = dc_field(default_factory=list)  # [at] of "close" transitions (not "close as invalid")
    # The complaint loop (empty for other tickets).
    intake_at: datetime | None = None
    acknowledged_at: datetime | None = None
    assessed_at: datetime | None = None
    public_replies: list = dc_field(default_factory=list)  # [at] of replies to the customer
    approvals: dict = dc_field(default_factory=dict)  # id -> ApprovalFacts
    invites: dict = dc_field(default_factory=dict)  # consultation invite id -> InviteFacts

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


def _instant(value):
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _consultation_event(facts: Facts, e: Event) -> None:
    data = e.data or {}
    if e.kind == CONSULTATION_CONVENED:
        deadline = _instant(data.get("deadline"))
        for invite in data.get("invites") or ():
            iid = invite.get("invite")
            if iid is not None and iid not in facts.invites:
                facts.invites[iid] = InviteFacts(iid, data.get("consultation"), invite.get("department"),
                                                 invite.get("head"), e.at, deadline)
    elif e.kind == CONSULTATION_ANSWERED:
        invite = facts.invites.get(data.get("invite"))
        if invite is not None and invite.closed_at is None:
            invite.closed_at, invite.closed_by = e.at, e.actor_id
    else:  # concluded: the departments that have not answered stop here
        for invite in facts.invites.values():
            if invite.consultation_id == data.get("consultation") and invite.closed_at is None:
                invite.closed_at, invite.cancelled = e.at, True


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
            action = (e.data or {}).get("action")
            if action == "cancel" and facts.cancelled_at is None:
                facts.cancelled_at = e.at
            elif action == "close":
                facts.closes.append(e.at)
        elif kind == "replied":
            if facts.first_reply_at is None:
                facts.first_reply_at = e.at
            facts.public_replies.append(e.at)
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
        elif kind in CALLBACK_DONE_KINDS:
            facts.callbacks.append(e.at)
        elif kind == COMPLAINT_INTAKE:
            facts.intake_at = facts.intake_at or e.at
        elif kind == COMPLAINT_ACKNOWLEDGED:
            facts.acknowledged_at = facts.acknowledged_at or e.at
        elif kind == COMPLAINT_ASSESSED:
            facts.assessed_at = facts.assessed_at or e.at
        elif kind == APPROVAL_REQUESTED:
            aid = (e.data or {}).get("approval")
            if aid is not None:
                facts.approvals[aid] = ApprovalFacts(aid, (e.data or {}).get("department"),
                                                     (e.data or {}).get("approver"), e.at)
        elif kind in (CONSULTATION_CONVENED, CONSULTATION_ANSWERED, CONSULTATION_CONCLUDED):
            _consultation_event(facts, e)
        elif kind == APPROVAL_DECIDED:
            a = facts.approvals.get((e.data or {}).get("approval"))
            if a is not None and a.closed_at is None:
                a.closed_at = e.at
    return facts


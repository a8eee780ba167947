"""Replaying a ticket's event log into SLA clock specifications — pure functions, no
ORM, `now` passed in. `sla.services.clocks` feeds them rows and stores the result.

Modules: `facts` (the log read once), `policy` (which policy governs a metric),
`spec` (one clock: due, warn, state, plan, attribution), `ticket` (every clock of
one ticket).

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
- callback: from the (last) resolution to the first real callback outcome after it
  (a "complaint.callback_done" event: reached, unreachable after the attempts, or the
  survey answered on the tracking page). Closing the ticket does NOT meet it: a close
  without a callback stops the clock unmeasured ("cancelled"), or breached if the
  close came after the due instant. A reopen withdraws the callback clock until the
  next resolution; "close as invalid" never starts one.
- complaint loop (tickets with a "complaint.intake" event, codes read as strings —
  sla never imports complaints): acknowledgement and assessment from the intake to
  "complaint.acknowledged" / "complaint.assessed"; stage update rolling from the last
  customer-facing reply (or the intake) to the next one, stopped by the resolution;
  approval: the current approval step ("complaint.approval_requested" →
  "complaint.approval_decided") on the approver's department calendar, the approver
  responsible — the sweep escalates it like any clock.
- A clock paused right now has no due time (it is unknown until it resumes);
  anything scheduled after the pause began waits too.
"""

from .facts import (
    CALLBACK,
    CENTER_METRICS,
    DEPARTMENT_REPLY,
    FIRST_RESPONSE,
    KINDS_WITH_DATA,
    POLICY_FIELDS,
    RESOLUTION,
    RESOLVED_STATUSES,
    Event,
    Facts,
    TransferFacts,
    facts_from_events,
)
from .policy import PolicyView, matched_on, select_policy
from .spec import ClockSpec, derive_clock, elapsed_seconds, status_intervals, target_seconds
from .ticket import derive

__all__ = [
    "CALLBACK", "CENTER_METRICS", "DEPARTMENT_REPLY", "FIRST_RESPONSE", "KINDS_WITH_DATA", "POLICY_FIELDS",
    "RESOLUTION", "RESOLVED_STATUSES",
    "ClockSpec", "Event", "Facts", "PolicyView", "TransferFacts", "derive", "derive_clock", "elapsed_seconds",
    "facts_from_events",
    "matched_on", "select_policy", "status_intervals", "target_seconds",
]

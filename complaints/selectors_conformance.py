"""Complaint-handling conformance (ISO 10002:2018 / GB/T 19012-2019): for each
complaint, each step of the process with its time and whether it was done in time,
and per month the share of complaints that did each step in time.

Nothing is stored: the steps are read from the complaint's own timestamps, its SLA
clocks (derived from the event log by `sla`, so "in time" is business time from the
one SLA kernel), its stage-update breaches and its callbacks.

Step status:
- in_time: done, and within the clock's due instant (or the step has no clock);
- late: done after the due instant, or the clock recorded a breach;
- overdue: not done, past the due instant, the loop still open;
- missing: not done and the loop is closed (or a record it needs is absent);
- pending: not due yet.
The monthly share is in_time / (in_time + late + overdue + missing): a step not due
yet is left out."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slacenter.errors import DomainError

from .models import CallbackStatus, Complaint, ComplaintStage
from .selectors import complaint_scope

IN_TIME, LATE, OVERDUE, MISSING, PENDING = "in_time", "late", "overdue", "missing", "pending"
STATUS_LABELS = {
    IN_TIME: gettext_lazy("In time"),
    LATE: gettext_lazy("Late"),
    OVERDUE: gettext_lazy("Overdue, not done"),
    MISSING: gettext_lazy("Missing"),
    PENDING: gettext_lazy("Not due yet"),
}
JUDGED = (IN_TIME, LATE, OVERDUE, MISSING)

STEPS = (
    ("recorded", gettext_lazy("Recorded with the desired remedy")),
    ("acknowledged", gettext_lazy("Acknowledged")),
    ("assessed", gettext_lazy("Assessed")),
    ("updates", gettext_lazy("Kept informed on time (stage updates)")),
    ("responded", gettext_lazy("Responded (final reply)")),
    ("communicated", gettext_lazy("Decision communicated (callback or survey)")),
    ("closed", gettext_lazy("Closed with acceptance recorded or further recourse told")),
)
STEP_LABELS = dict(STEPS)
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DONE_CALLBACK = (CallbackStatus.REACHED, CallbackStatus.SURVEYED, CallbackStatus.UNREACHABLE)


@dataclass
class Step:
    code: str
    at: datetime | None
    due: datetime | None
    status: str
    note: str = ""

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.code])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _judge(done_at, clock, *, now, ended: bool) -> tuple[str, datetime | None]:
    """A step measured by an SLA clock of the complaint's ticket."""
    from sla.models import ClockState

    due = clock.due_at if clock is not None else None
    if clock is not None and clock.state == ClockState.MET:
        return IN_TIME, due
    if done_at is not None:
        if clock is not None and clock.state == ClockState.BREACHED:
            return LATE, due
        return (IN_TIME if due is None or done_at <= due else LATE), due
    overdue = clock is not None and (clock.state == ClockState.BREACHED or (due is not None and due <= now))
    if ended:
        return MISSING, due
    return (OVERDUE if overdue else PENDING), due


def complaint_steps(complaint: Complaint, *, clocks: dict, update_breached: bool, callback, now) -> list[Step]:
    """The seven steps of one complaint. `clocks` maps metric → the ticket's clock,
    `update_breached` says whether a stage-update breach was ever recorded, `callback`
    is the latest callback task (or None)."""
    from sla.models import ClockState

    closed = complaint.stage == ComplaintStage.CLOSED
    steps = [Step("recorded", complaint.created_at, None, IN_TIME if (complaint.desired_remedy or "").strip()
                  else MISSING)]
    for code, at, metric in (("acknowledged", complaint.acknowledged_at, "acknowledgement"),
                             ("assessed", complaint.assessed_at, "assessment")):
        status, due = _judge(at, clocks.get(metric), now=now, ended=closed)
        steps.append(Step(code, at, due, status))

    # Updates: the stage-update clock rolls from one customer-facing reply to the next,
    # so a late update is kept by its breach record, not by the current clock.
    clock = clocks.get("stage_update")
    last_update = clock.started_at if clock is not None and clock.started_at > complaint.created_at else None
    answered = complaint.final_reply_at is not None
    if update_breached or (clock is not None and clock.state == ClockState.BREACHED):
        status = LATE if (answered or closed or clock is None or clock.stopped_at) else OVERDUE
    elif clock is not None and clock.state == ClockState.RUNNING and clock.due_at and clock.due_at <= now:
        status = MISSING if closed else OVERDUE
    elif answered or (clock is not None and clock.state == ClockState.MET):
        status = IN_TIME
    else:
        status = IN_TIME if closed else PENDING
    steps.append(Step("updates", last_update, clock.due_at if clock is not None and not answered else None,
                      status))

    status, due = _judge(complaint.final_reply_at, clocks.get("resolution"), now=now, ended=closed)
    steps.append(Step("responded", complaint.final_reply_at, due, status))

    told = callback.completed_at if callback is not None and callback.status in _DONE_CALLBACK else None
    if not answered and not closed:
        steps.append(Step("communicated", None, None, PENDING))
    else:
        status, due = _judge(told, clocks.get("callback"), now=now, ended=closed)
        note = callback.get_status_display() if told else ""
        steps.append(Step("communicated", told, due, status, note))

    if not closed:
        steps.append(Step("closed", None, None, PENDING))
    else:
        accepted = (callback is not None and callback.status in (CallbackStatus.REACHED, CallbackStatus.SURVEYED)
                    and callback.satisfied)
        if accepted:
            steps.append(Step("closed", complaint.closed_at, None, IN_TIME, _("The customer accepted the decision.")))
        elif complaint.recourse_told_at is not None:
            steps.append(Step("closed", complaint.closed_at, None, IN_TIME,
                              _("Further recourse told: %(note)s") % {"note": complaint.recourse_note}))
        else:
            steps.append(Step("closed", complaint.closed_at, None, MISSING,
                              _("Neither the customer's acceptance nor further recourse is recorded.")))
    return steps


def _context(complaints: list[Complaint]):
    from sla.models import Breach, TicketClock

    ticket_ids = [c.ticket_id for c in complaints]
    clocks: dict = defaultdict(dict)
    for clock in TicketClock.objects.filter(ticket_id__in=ticket_ids, transfer__isnull=True).order_by():
        clocks[clock.ticket_id][clock.metric] = clock
    breached = set(Breach.objects.filter(ticket_id__in=ticket_ids, metric="stage_update").order_by()
                   .values_list("ticket_id", flat=True))
    callbacks: dict = {}
    from .models import CallbackTask

    for task in CallbackTask.objects.filter(complaint_id__in=[c.pk for c in complaints]).order_by("created_at", "id"):
        callbacks[task.complaint_id] = task  # the latest wins
    return clocks, breached, callbacks


def conformance_of(complaint: Complaint, *, now) -> list[Step]:
    """The steps of one complaint the caller already holds (scope checked by the caller)."""
    clocks, breached, callbacks = _context([complaint])
    return complaint_steps(complaint, clocks=clocks.get(complaint.ticket_id, {}),
                           update_breached=complaint.ticket_id in breached, callback=callbacks.get(complaint.pk),
                           now=now)


def parse_month(raw, *, today: date) -> date:
    """`YYYY-MM` (default: this month); a month after this one is refused (400)."""
    raw = (raw or "").strip()[:20]
    if not raw:
        return today.replace(day=1)
    try:
        if not _MONTH.match(raw):
            raise ValueError(raw)
        month = date(int(raw[:4]), int(raw[5:7]), 1)
    except ValueError:
        raise DomainError(_("month must look like 2026-03."), field="month") from None
    if month > today.replace(day=1):
        raise DomainError(_("The month has not started yet."), field="month")
    if month.year < 2000:
        raise DomainError(_("month must look like 2026-03."), field="month")
    return month


def month_complaints(user, month: date) -> QuerySet[Complaint]:
    """The complaints taken in during `month` (site time zone) in the user's scope."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(month, time.min, tzinfo=zone)
    end = datetime.combine((month + timedelta(days=32)).replace(day=1), time.min, tzinfo=zone)
    return (complaint_scope(user).filter(created_at__gte=start, created_at__lt=end)
            .select_related("ticket").order_by("created_at", "id"))


def rows_with_steps(complaints, *, now, chunk: int = 500):
    """(complaint, steps) for each complaint, reading clocks, breaches and callbacks
    one chunk at a time (a constant number of queries per chunk)."""
    batch: list[Complaint] = []
    for complaint in complaints.iterator(chunk_size=chunk) if isinstance(complaints, QuerySet) else complaints:
        batch.append(complaint)
        if len(batch) >= chunk:
            yield from _with_steps(batch, now)
            batch = []
    if batch:
        yield from _with_steps(batch, now)


def _with_steps(batch, now):
    clocks, breached, callbacks = _context(batch)
    for c in batch:
        yield c, complaint_steps(c, clocks=clocks.get(c.ticket_id, {}), update_breached=c.ticket_id in breached,
                                 callback=callbacks.get(c.pk), now=now)


def monthly_conformance(user, month: date, *, now) -> dict:
    """Per step: how many complaints of the month did it in time, late, overdue,
    missing or are not due yet, and the share in time (percent, one decimal; None
    when no complaint was due)."""
    counts: dict[str, Counter] = {code: Counter() for code, _label in STEPS}
    total = 0
    for _complaint, steps in rows_with_steps(month_complaints(user, month), now=now):
        total += 1
        for step in steps:
            counts[step.code][step.status] += 1
    rows = []
    for code, label in STEPS:
        c = counts[code]
        judged = sum(c[s] for s in JUDGED)
        rows.append({"code": code, "label": str(label), "in_time": c[IN_TIME], "late": c[LATE],
                     "overdue": c[OVERDUE], "missing": c[MISSING], "pending": c[PENDING], "judged": judged,
                     "share": round(100.0 * c[IN_TIME] / judged, 1) if judged else None})
    return {"month": month, "complaints": total, "steps": rows}

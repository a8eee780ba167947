"""The complaint's entries in the ticket event log, through the tickets extension
point (so the SLA clocks see them in the same transaction)."""

from tickets.services import ticket_event_record

# Registered in ComplaintsConfig.ready(); the SLA derivation reads some by these codes.
INTAKE = "complaint.intake"
ACKNOWLEDGED = "complaint.acknowledged"
ASSESSED = "complaint.assessed"
ROUTED = "complaint.routed"
REMEDY_PROPOSED = "complaint.remedy_proposed"
REMEDY_GRANTED = "complaint.remedy_granted"
REMEDY_CHANGED = "complaint.remedy_changed"
REMEDY_EXECUTED = "complaint.remedy_executed"
APPROVAL_REQUESTED = "complaint.approval_requested"
APPROVAL_DECIDED = "complaint.approval_decided"
STAGE_REPLY = "complaint.stage_reply"
FINAL_REPLY = "complaint.final_reply"
CALLBACK_ATTEMPT = "complaint.callback_attempt"
CALLBACK_DONE = "complaint.callback_done"
CLOSED = "complaint.closed"
REOPENED = "complaint.reopened"
RE_COMPLAINT = "complaint.re_complaint"
TRACKING = "complaint.tracking_link"
MESSAGE = "complaint.message"
MAJOR_ALERT = "complaint.major_alert"
INCIDENT_LINKED = "complaint.incident_linked"
ROOT_CAUSE = "complaint.root_cause"
ACCOUNTABILITY = "complaint.accountability"
CONSULTATION_CONVENED = "complaint.consultation_convened"
CONSULTATION_ANSWERED = "complaint.consultation_answered"
CONSULTATION_CONCLUDED = "complaint.consultation_concluded"
RECOURSE_TOLD = "complaint.recourse_told"


def record(*, complaint, kind: str, actor, at, data=None, reason: str = "", field: str = "", old="", new=""):
    return ticket_event_record(ticket=complaint.ticket, kind=kind, actor=actor, at=at, data=data or {},
                               reason=reason, field=field, old=old, new=new)

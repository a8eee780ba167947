"""The complaint loop's entries in the ticket event log, registered with
`tickets.events` in `ComplaintsConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from .services import events as e

EVENT_KINDS = {
    e.INTAKE: _("Complaint taken in"),
    e.ACKNOWLEDGED: _("Complaint acknowledged"),
    e.ASSESSED: _("Complaint assessed"),
    e.ROUTED: _("Complaint routed to a seat"),
    e.REMEDY_PROPOSED: _("Remedy proposed"),
    e.REMEDY_GRANTED: _("Remedy granted"),
    e.REMEDY_CHANGED: _("Remedy changed"),
    e.REMEDY_EXECUTED: _("Remedy executed"),
    e.APPROVAL_REQUESTED: _("Approval requested"),
    e.APPROVAL_DECIDED: _("Approval decided"),
    e.STAGE_REPLY: _("Stage reply"),
    e.FINAL_REPLY: _("Final reply"),
    e.CALLBACK_ATTEMPT: _("Callback attempt"),
    e.CALLBACK_DONE: _("Callback done"),
    e.CLOSED: _("Complaint loop closed"),
    e.REOPENED: _("Complaint reopened"),
    e.RE_COMPLAINT: _("Re-complaint opened"),
    e.TRACKING: _("Tracking link changed"),
    e.MESSAGE: _("Message sent to the customer"),
    e.MAJOR_ALERT: _("Major complaint alert"),
    e.INCIDENT_LINKED: _("Linked to a batch incident"),
    e.ROOT_CAUSE: _("Root cause recorded"),
    e.ACCOUNTABILITY: _("Accountability answered"),
    e.CONSULTATION_CONVENED: _("Joint consultation convened"),
    e.CONSULTATION_ANSWERED: _("Consultation findings given"),
    e.CONSULTATION_CONCLUDED: _("Joint consultation concluded"),
    e.RECOURSE_TOLD: _("Further recourse told to the customer"),
}

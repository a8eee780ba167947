"""The complaint's state machines, one transition table each (shared machinery in
`slacenter.workflow`). Each status is written only by its transition service:

- LOOP (complaint stage): `complaints.services.loop.complaint_transition`
- REMEDY: `complaints.services.remedies.remedy_transition`
- APPROVAL (one approval step): `complaints.services.approvals.approval_transition`
- CALLBACK (callback task): `complaints.services.callbacks.callback_transition`
- OUTBOX (outbound message): `complaints.services.outbox.message_transition`
"""

from django.utils.translation import gettext_lazy as _

from slacenter.workflow import Transition, TransitionTable

from .models import ApprovalStatus as A
from .models import CallbackStatus as C
from .models import ComplaintStage as L
from .models import MessageStatus as M
from .models import RemedyStatus as R

_OPEN_STAGES = {L.RECEIVED, L.ACKNOWLEDGED, L.HANDLING, L.ANSWERED}

LOOP = TransitionTable(
    (
        # Made by the outbox when the acknowledgement is delivered, or by hand (told on the phone).
        Transition("acknowledge", {L.RECEIVED}, L.ACKNOWLEDGED, _("Acknowledge")),
        Transition("assess", {L.RECEIVED, L.ACKNOWLEDGED}, L.HANDLING, _("Assess")),
        Transition("final_reply", {L.HANDLING}, L.ANSWERED, _("Final reply"), manual=False),
        # The close rule (callback satisfied, survey accepted, unreachable) is checked in the service.
        Transition("close", {L.ANSWERED}, L.CLOSED, _("Close the loop"), manual=False),
        Transition("force_close", _OPEN_STAGES, L.CLOSED, _("Close with a reason"), reason_required=True),
        Transition("reopen", {L.ANSWERED, L.CLOSED}, L.HANDLING, _("Reopen"), reason_required=True),
    ),
    stamp_on_enter={L.ACKNOWLEDGED: "acknowledged_at", L.ANSWERED: "final_reply_at", L.CLOSED: "closed_at"},
    clear_on={"reopen": ("closed_at",)},
)

REMEDY = TransitionTable(
    (
        Transition("grant", {R.PROPOSED, R.PENDING}, R.GRANTED, _("Grant"), manual=False),
        Transition("request_approval", {R.PROPOSED, R.RETURNED}, R.PENDING, _("Request approval"), manual=False),
        Transition("reject", {R.PENDING}, R.REJECTED, _("Reject"), manual=False),
        Transition("return", {R.PENDING}, R.RETURNED, _("Return for changes"), manual=False),
        Transition("withdraw", {R.PENDING, R.RETURNED}, R.WITHDRAWN, _("Withdraw")),
        Transition("execute", {R.GRANTED}, R.EXECUTED, _("Record execution")),
    ),
    stamp_on_enter={R.GRANTED: "granted_at", R.EXECUTED: "executed_at"},
)

APPROVAL = TransitionTable(
    (
        Transition("approve", {A.PENDING}, A.APPROVED, _("Approve")),
        Transition("reject", {A.PENDING}, A.REJECTED, _("Reject"), reason_required=True),
        Transition("return", {A.PENDING}, A.RETURNED, _("Return for changes"), reason_required=True),
        Transition("cancel", {A.PENDING}, A.CANCELLED, _("Cancel"), manual=False),
    ),
    stamp_on_enter={A.APPROVED: "decided_at", A.REJECTED: "decided_at", A.RETURNED: "decided_at",
                    A.CANCELLED: "decided_at"},
)

CALLBACK = TransitionTable(
    (
        Transition("reach", {C.OPEN}, C.REACHED, _("Customer reached"), manual=False),
        # Allowed only after 3 unanswered attempts on at least 2 days (checked in the service).
        Transition("give_up", {C.OPEN}, C.UNREACHABLE, _("Close as unreachable")),
        Transition("survey", {C.OPEN}, C.SURVEYED, _("Survey answered online"), manual=False),
        Transition("cancel", {C.OPEN}, C.CANCELLED, _("Cancel"), manual=False),
    ),
    stamp_on_enter={C.REACHED: "completed_at", C.UNREACHABLE: "completed_at", C.SURVEYED: "completed_at",
                    C.CANCELLED: "completed_at"},
)

OUTBOX = TransitionTable(
    (
        Transition("deliver", {M.PENDING, M.FAILED}, M.SENT, _("Delivered"), manual=False),
        Transition("fail", {M.PENDING, M.FAILED}, M.FAILED, _("Failed"), manual=False),
        Transition("give_up", {M.PENDING, M.FAILED}, M.DEAD, _("Give up"), manual=False),
        Transition("retry", {M.DEAD}, M.PENDING, _("Send again")),
    ),
    stamp_on_enter={M.SENT: "sent_at"},
)

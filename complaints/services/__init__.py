"""Every write of the complaint loop. Views, API, admin, tasks and the demo call
these; the rules live here. Modules per area, so later features add modules beside
them."""

from .approvals import approval_approve, approval_cancel, approval_reject, approval_return
from .authority import authority_limit_set
from .callbacks import callback_attempt_record, callback_give_up, survey_answer
from .intake import complaint_create
from .loop import (
    complaint_acknowledge,
    complaint_assess,
    complaint_close,
    complaint_final_reply,
    complaint_force_close,
    complaint_reopen,
    complaint_stage_reply,
)
from .outbox import message_deliver, message_resend
from .recomplaints import re_complaint_open
from .remedies import remedy_execute, remedy_propose, remedy_resubmit, remedy_withdraw
from .routing import seat_group_create, seat_group_update
from .tokens import tracking_link_reissue, tracking_link_revoke

__all__ = [
    "approval_approve", "approval_cancel", "approval_reject", "approval_return", "authority_limit_set",
    "callback_attempt_record", "callback_give_up", "complaint_acknowledge", "complaint_assess", "complaint_close",
    "complaint_create", "complaint_final_reply", "complaint_force_close", "complaint_reopen",
    "complaint_stage_reply", "message_deliver", "message_resend", "re_complaint_open", "remedy_execute",
    "remedy_propose", "remedy_resubmit", "remedy_withdraw", "seat_group_create", "seat_group_update",
    "survey_answer", "tracking_link_reissue", "tracking_link_revoke",
]

"""The improvement action's transition table (shared machinery in `slacenter.workflow`).
Written only by `complaints.services.improvements.improvement_transition`."""

from django.utils.translation import gettext_lazy as _

from slacenter.workflow import Transition, TransitionTable

from .models import ImprovementStatus as S

IMPROVEMENT = TransitionTable(
    (
        Transition("accept", {S.PROPOSED}, S.ACCEPTED, _("Accept")),
        Transition("reject", {S.PROPOSED}, S.REJECTED, _("Reject"), reason_required=True),
        Transition("complete", {S.ACCEPTED}, S.DONE, _("Mark done")),
        Transition("verify", {S.DONE}, S.VERIFIED, _("Verify")),
    ),
    stamp_on_enter={S.ACCEPTED: "accepted_at", S.DONE: "done_at", S.VERIFIED: "verified_at"},
)

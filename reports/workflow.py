"""The appeal state machine (申诉). `reports.services.appeals.appeal_transition` is the
only code that changes `Appeal.status`; it looks the move up here."""

from django.utils.translation import gettext_lazy as _

from slacenter.workflow import Transition, TransitionTable

from .models.violations import AppealStatus as S

APPEAL_WORKFLOW = TransitionTable(
    (
        Transition("uphold", {S.PENDING}, S.UPHELD, _("Uphold the penalty"), reason_required=True),
        Transition("waive", {S.PENDING}, S.WAIVED, _("Waive the penalty"), reason_required=True),
        Transition("reduce", {S.PENDING}, S.REDUCED, _("Reduce the penalty"), reason_required=True),
        Transition("withdraw", {S.PENDING}, S.WITHDRAWN, _("Withdraw the appeal")),
    ),
    stamp_on_enter={S.UPHELD: "decided_at", S.WAIVED: "decided_at", S.REDUCED: "decided_at"},
)

DECISIONS = ("uphold", "waive", "reduce")

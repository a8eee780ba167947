"""The evaluation state machine: one transition table. `evaluation_transition` in
`qa.services.evaluations` is the only code that changes `Evaluation.status`.

    draft ─submit→ submitted ─acknowledge→ acknowledged ─finalize→ final
                       │ └──────────────── finalize (system, dispute window over) ──┘
                       └─dispute (agent, reason, within N days)→ disputed
    disputed ─uphold / change (reviewer, reason)→ reviewed ─finalize→ final
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from slacenter.workflow import Transition, TransitionTable

from .models.evaluations import EvaluationStatus as S

TABLE = TransitionTable(
    (
        Transition("submit", {S.DRAFT}, S.SUBMITTED, _("Submit")),
        Transition("acknowledge", {S.SUBMITTED}, S.ACKNOWLEDGED, _("Acknowledge")),
        Transition("dispute", {S.SUBMITTED}, S.DISPUTED, pgettext_lazy("qa dispute", "Dispute"), reason_required=True),
        Transition("uphold", {S.DISPUTED}, S.REVIEWED, _("Uphold the score"), reason_required=True),
        Transition("change", {S.DISPUTED}, S.REVIEWED, _("Change the score"), reason_required=True),
        Transition("finalize", {S.ACKNOWLEDGED, S.REVIEWED}, S.FINAL, _("Finalize")),
        Transition("expire", {S.SUBMITTED}, S.FINAL, _("Dispute window over"), manual=False),
    ),
    stamp_on_enter={
        S.SUBMITTED: "submitted_at", S.ACKNOWLEDGED: "acknowledged_at", S.DISPUTED: "disputed_at",
        S.REVIEWED: "reviewed_at", S.FINAL: "finalized_at",
    },
)

"""The accountability answer's transition table (shared machinery in
`slacenter.workflow`). Written only by
`complaints.services.accountability.finding_transition`."""

from django.utils.translation import gettext_lazy as _

from slacenter.workflow import Transition, TransitionTable

from .models import FindingStatus as F

FINDING = TransitionTable(
    (
        Transition("confirm", {F.PENDING}, F.CONFIRMED, _("Confirm the finding")),
        Transition("dispute", {F.PENDING}, F.DISPUTED, _("Dispute"), reason_required=True),
        Transition("uphold", {F.DISPUTED}, F.UPHELD, _("Uphold the finding"), reason_required=True),
        Transition("overturn", {F.DISPUTED}, F.OVERTURNED, _("Overturn the finding"), reason_required=True),
        # No answer by the deadline: the finding stands (made by the beat task).
        Transition("lapse", {F.PENDING}, F.CONFIRMED, _("Deadline passed"), manual=False),
    ),
    stamp_on_enter={F.CONFIRMED: "answered_at", F.DISPUTED: "answered_at", F.UPHELD: "decided_at",
                    F.OVERTURNED: "decided_at"},
)

"""The agreement-version lifecycle: one transition table. `agreement_transition` in
`sla.services.agreements` is the only code that changes `AgreementVersion.status`; it
looks the move up here and refuses anything not listed.

    draft ──submit──▶ awaiting_signatures ──(last signature)──▶ active ──▶ expired
      ▲                    │                                      │   └──▶ superseded
      └──────recall────────┘                                      │        (its amendment
    draft / awaiting_signatures / active ──terminate──▶ terminated      became active)

`manual` moves are offered as buttons and accepted by the command endpoints; the
others are made by services (signing, expiry, activating an amendment).
"""

from django.utils.translation import gettext_lazy as _

from slacenter.workflow import Transition, TransitionTable

from .models.agreements import AgreementStatus as S

AGREEMENT_WORKFLOW = TransitionTable(
    (
        Transition("submit", {S.DRAFT}, S.AWAITING_SIGNATURES, _("Submit for signatures")),
        Transition("recall", {S.AWAITING_SIGNATURES}, S.DRAFT, _("Recall to draft")),
        Transition("activate", {S.AWAITING_SIGNATURES}, S.ACTIVE, _("Activate"), manual=False),
        Transition("expire", {S.ACTIVE}, S.EXPIRED, _("Expire"), manual=False),
        Transition("supersede", {S.ACTIVE}, S.SUPERSEDED, _("Supersede"), manual=False),
        Transition(
            "terminate",
            {S.DRAFT, S.AWAITING_SIGNATURES, S.ACTIVE},
            S.TERMINATED,
            _("Terminate"),
            reason_required=True,
        ),
    ),
    # Timestamps a move sets on the version.
    stamp_on_enter={
        S.AWAITING_SIGNATURES: "submitted_at",
        S.ACTIVE: "activated_at",
        S.EXPIRED: "ended_at",
        S.SUPERSEDED: "ended_at",
        S.TERMINATED: "ended_at",
    },
)

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

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models.agreements import AgreementStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    label: str
    manual: bool = True
    reason_required: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", frozenset({S.DRAFT}), S.AWAITING_SIGNATURES, _("Submit for signatures")),
    Transition("recall", frozenset({S.AWAITING_SIGNATURES}), S.DRAFT, _("Recall to draft")),
    Transition("activate", frozenset({S.AWAITING_SIGNATURES}), S.ACTIVE, _("Activate"), manual=False),
    Transition("expire", frozenset({S.ACTIVE}), S.EXPIRED, _("Expire"), manual=False),
    Transition("supersede", frozenset({S.ACTIVE}), S.SUPERSEDED, _("Supersede"), manual=False),
    Transition(
        "terminate",
        frozenset({S.DRAFT, S.AWAITING_SIGNATURES, S.ACTIVE}),
        S.TERMINATED,
        _("Terminate"),
        reason_required=True,
    ),
)

_BY_ACTION = {t.action: t for t in TRANSITIONS}


def get_transition(action: str) -> Transition | None:
    return _BY_ACTION.get(action)


def allowed_transitions(status: str, *, manual_only: bool = True) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources and (t.manual or not manual_only)]


# Timestamps a move sets on the version.
STAMP_ON_ENTER = {
    S.AWAITING_SIGNATURES: "submitted_at",
    S.ACTIVE: "activated_at",
    S.EXPIRED: "ended_at",
    S.SUPERSEDED: "ended_at",
    S.TERMINATED: "ended_at",
}

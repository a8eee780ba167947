"""The batch incident's transition table (shared machinery in `slacenter.workflow`).
The status is written only by `complaints.services.incidents.incident_transition`."""

from django.utils.translation import gettext_lazy as _

from slacenter.workflow import Transition, TransitionTable

from .models import IncidentStatus as S

INCIDENT = TransitionTable(
    (
        Transition("confirm", {S.SUSPECTED}, S.CONFIRMED, _("Confirm the incident")),
        Transition("dismiss", {S.SUSPECTED}, S.DISMISSED, _("Dismiss"), reason_required=True),
        # Made by incident_resolve, which gives every child its final reply.
        Transition("resolve", {S.CONFIRMED}, S.RESOLVED, _("Resolve"), manual=False),
    ),
    stamp_on_enter={S.CONFIRMED: "confirmed_at", S.DISMISSED: "dismissed_at", S.RESOLVED: "resolved_at"},
)

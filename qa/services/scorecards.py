from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from ..models import Scorecard, ScorecardVersion
from ..permissions import can_manage_qa
from ..scoring import ScoreError, validate_definition
from .common import forbidden


def _valid(definition: dict) -> dict:
    try:
        validate_definition(definition)
    except ScoreError as exc:
        raise DomainError(_("The scorecard is not valid: %(reason)s") % {"reason": exc.message},
                          code="invalid_scorecard", field="definition") from None
    return definition


@transaction.atomic
def scorecard_create(*, actor, name: str, channel_kind: str, definition: dict, name_en: str = "",
                     now=None, system: bool = False) -> Scorecard:
    now = now or timezone.now()
    if not system and not can_manage_qa(actor):
        raise forbidden(_("Only QA specialists and managers edit scorecards."))
    _valid(definition)
    scorecard = Scorecard.objects.create(name=name, name_en=name_en, channel_kind=channel_kind, created_at=now)
    ScorecardVersion.objects.create(scorecard=scorecard, number=1, definition=definition, created_at=now,
                                    created_by=actor, note=_("First version"))
    return scorecard


@transaction.atomic
def scorecard_version_create(*, actor, scorecard: Scorecard, definition: dict, note: str = "", now=None,
                             system: bool = False) -> ScorecardVersion:
    """Editing a scorecard makes a new version; evaluations keep the one they used."""
    now = now or timezone.now()
    if not system and not can_manage_qa(actor):
        raise forbidden(_("Only QA specialists and managers edit scorecards."))
    _valid(definition)
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    last = scorecard.versions.order_by("-number").first()
    if last is not None and last.definition == definition:
        raise DomainError(_("Nothing changed: this is the current version."), code="unchanged")
    return ScorecardVersion.objects.create(scorecard=scorecard, number=(last.number if last else 0) + 1,
                                           definition=definition, note=note, created_by=actor, created_at=now)


def scorecard_for(channel_kind: str) -> ScorecardVersion:
    scorecard = Scorecard.objects.filter(channel_kind=channel_kind, is_active=True).order_by("id").first()
    version = scorecard.current_version if scorecard else None
    if version is None:
        raise DomainError(_("There is no active scorecard for this channel."), code="no_scorecard")
    return version


@transaction.atomic
def policy_update(*, actor, method: str, rules: dict, now=None):
    """Change the center's QA and pay rules (managers and admins)."""
    from tickets.models.org import Role
    from tickets.permissions import is_admin, role_of

    from ..models import QaPolicy
    from ..policy import DEFAULTS, merged, policy_get

    now = now or timezone.now()
    if role_of(actor) != Role.SERVICE_MANAGER and not is_admin(actor):
        raise forbidden(_("Only a service manager changes the QA policy."))
    if method not in QaPolicy.Method.values:
        raise DomainError(_("Unknown pay method."), field="method")
    if not isinstance(rules, dict):
        raise DomainError(_("The rules are an object."), field="rules")
    unknown = sorted(set(rules) - set(DEFAULTS))
    if unknown:
        raise DomainError(_("Unknown rule(s): %(keys)s.") % {"keys": ", ".join(unknown)}, field="rules")
    _dry_run(merged(DEFAULTS, rules))
    policy = policy_get()
    policy.method, policy.rules, policy.updated_at = method, rules, now
    policy.save()
    return policy


def _dry_run(rules: dict) -> None:
    """Refuse rules the monthly computation could not use (a 400, not a failed 1st)."""
    from decimal import Decimal

    from ..pay import AgentMonth, amount_method, points_method

    sample = [AgentMonth(1, qa_average=Decimal(90), handled=10, satisfaction=Decimal(4), fatal_errors=1),
              AgentMonth(2, qa_average=Decimal(80), handled=5)]
    try:
        points_method(sample, rules["points"])
        amount_method(sample, rules["amount"])
        int(rules["dispute_days"])
        Decimal(str(rules["praise_points"]))
        Decimal(str(rules["exempt_star"]["min_average"]))
        int(rules["exempt_star"]["min_evaluations"])
        sampling = rules["sampling"]
        [int(n) for n in sampling["per_agent"].values()]
        int(sampling["extra"]), float(sampling["complaint_weight"]), float(sampling["low_satisfaction_weight"])
        Decimal(str(sampling["low_score_threshold"])), int(sampling["low_satisfaction_max"])
    except Exception as exc:  # noqa: BLE001 - any shape error of the JSON is the user's to fix
        raise DomainError(_("The rules cannot be used: %(reason)s") % {"reason": exc}, field="rules") from None

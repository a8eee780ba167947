from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from tickets.models.org import Role
from tickets.permissions import role_of

from ..models import Praise
from ..permissions import can_record_praise, is_lead, leads_agent
from ..policy import policy_rules
from .common import forbidden, local_month


@transaction.atomic
def praise_record(*, actor, agent, source: str, evidence: str, ticket=None, contact=None, reference: str = "",
                  at=None, now=None, system: bool = False) -> Praise:
    """A customer's praise with its evidence; worth the policy's bonus points in the
    month of `at` (default now). From callbacks/surveys a system caller passes a
    `reference` so a re-sent praise is recorded once."""
    now = now or timezone.now()
    if not system:
        if not can_record_praise(actor):
            raise forbidden(_("Only leads, QA specialists and managers record praise."))
        if is_lead(actor) and not leads_agent(actor, agent):
            raise forbidden(_("Leads record praise for their own team."))
    if role_of(agent) != Role.AGENT:
        raise DomainError(_("Praise is recorded for an agent."), field="agent")
    evidence = (evidence or "").strip()
    if not evidence:
        raise DomainError(_("Praise needs its evidence (what the customer said, where)."), field="evidence")
    if source not in Praise.Source.values:
        raise DomainError(_("Unknown source."), field="source")
    if reference and Praise.objects.filter(source=source, reference=reference).exists():
        raise Conflict(_("This praise is already recorded."), code="duplicate")
    return Praise.objects.create(
        agent=agent, month=local_month(at or now), source=source, evidence=evidence, ticket=ticket, contact=contact,
        points=Decimal(str(policy_rules()["praise_points"])), reference=reference,
        recorded_by=None if system else actor, created_at=now)

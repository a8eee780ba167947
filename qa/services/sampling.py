"""The monthly sampling plan and the exempt-star rule.

Candidates: answered contacts of the month with an agent, imported before the plan
was drawn (so a redraw sees the same set). Weights: a contact whose ticket is a
complaint × `complaint_weight`, one rated ≤ `low_satisfaction_max` ×
`low_satisfaction_weight`. Extra samples go to agents under `low_score_threshold`
last month or with complaint tickets in the month. Exempt stars are not sampled."""

import secrets
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict
from tickets.models import ContactRecord, TicketKind
from tickets.models.org import Role
from tickets.selectors_contacts import local_range, month_range

from ..draw import Candidate, balance, draw
from ..models import ExemptStar, Sample, SamplingPlan
from ..models.scorecards import CONTACT_KIND_TO_CHANNEL
from ..permissions import can_manage_qa
from ..policy import policy_rules
from ..selectors import agent_month_qa, agents_queryset, first_of_month
from .common import forbidden


def previous_month(month):
    return (first_of_month(month) - timedelta(days=1)).replace(day=1)


def _candidates(month, until, rules):
    lo, hi = local_range(*month_range(month))
    zone = ZoneInfo(settings.TIME_ZONE)
    sampling = rules["sampling"]
    complaint_w = float(sampling["complaint_weight"])
    low_w = float(sampling["low_satisfaction_weight"])
    low_max = int(sampling["low_satisfaction_max"])
    rows = ContactRecord.objects.filter(
        offered_at__gte=lo, offered_at__lt=hi, agent__isnull=False, answered_at__isnull=False, imported_at__lte=until,
    ).values_list("id", "agent_id", "kind", "offered_at", "satisfaction", "ticket__kind")
    candidates: dict = {}
    complaints: dict[int, int] = {}
    for pk, agent_id, kind, offered_at, satisfaction, ticket_kind in rows.iterator(chunk_size=5000):
        weight = 1.0
        if ticket_kind == TicketKind.COMPLAINT:
            weight *= complaint_w
            complaints[agent_id] = complaints.get(agent_id, 0) + 1
        if satisfaction is not None and satisfaction <= low_max:
            weight *= low_w
        week = min(5, (offered_at.astimezone(zone).day - 1) // 7 + 1)
        channel = str(CONTACT_KIND_TO_CHANNEL[kind])
        candidates.setdefault((agent_id, channel), []).append(Candidate(pk, week, weight))
    return candidates, complaints


def _quotas(month, rules, agents, candidates, complaints):
    sampling = rules["sampling"]
    exempt = set(ExemptStar.objects.filter(month=month).values_list("agent_id", flat=True))
    last = agent_month_qa(previous_month(month))
    threshold = Decimal(str(sampling["low_score_threshold"]))
    extra_agents = {a for a in agents if complaints.get(a)} | {
        a for a in agents if a in last and last[a]["average"] is not None and Decimal(last[a]["average"]) < threshold}
    quotas = {}
    for agent_id in agents:
        if agent_id in exempt:
            continue
        for channel, n in sampling["per_agent"].items():
            if (agent_id, channel) in candidates:
                quotas[(agent_id, channel)] = (int(n), int(sampling["extra"]) if agent_id in extra_agents else 0)
    return quotas, sorted(exempt), sorted(extra_agents)


def _specialists():
    return list(agents_queryset().model.objects.filter(is_active=True, profile__role=Role.QA_SPECIALIST)
                .order_by("username").values_list("id", flat=True))


def plan_compute(*, month, seed: int, until, rules=None):
    """The draw for a month, from the database as of `until`: (drawn, assignees,
    parameters). Pure apart from the reads."""
    rules = rules or policy_rules()
    agents = list(agents_queryset().values_list("id", flat=True))
    candidates, complaints = _candidates(month, until, rules)
    quotas, exempt, extra_agents = _quotas(month, rules, agents, candidates, complaints)
    drawn = draw(candidates, quotas, seed)
    specialists = _specialists()
    parameters = {"sampling": rules["sampling"], "until": until.isoformat(), "exempt": exempt,
                  "extra_agents": extra_agents, "specialists": specialists}
    return drawn, balance(drawn, specialists), parameters


@transaction.atomic
def sampling_plan_draw(*, actor, month, seed: int | None = None, now=None, system: bool = False) -> SamplingPlan:
    now = now or timezone.now()
    if not system and not can_manage_qa(actor):
        raise forbidden(_("Only QA specialists and managers draw the sample."))
    month = first_of_month(month)
    if SamplingPlan.objects.select_for_update().filter(month=month).exists():
        raise Conflict(_("The sample of %(month)s is already drawn.") % {"month": f"{month:%Y-%m}"},
                       code="already_drawn")
    seed = secrets.randbits(31) if seed is None else int(seed)
    drawn, assignees, parameters = plan_compute(month=month, seed=seed, until=now)
    plan = SamplingPlan.objects.create(month=month, seed=seed, parameters=parameters, drawn_by=actor, drawn_at=now)
    Sample.objects.bulk_create([
        Sample(plan=plan, contact_id=d.contact_id, agent_id=d.agent_id, channel_kind=d.kind, week=d.week,
               reason=d.reason, weight=Decimal(str(round(d.weight, 2))), assignee_id=assignee)
        for d, assignee in zip(drawn, assignees, strict=True)
    ])
    return plan


def sampling_plan_verify(plan: SamplingPlan) -> bool:
    """Redraw from the recorded seed and cut-off: True when the same contacts come out."""
    from datetime import datetime

    rules = policy_rules()
    rules["sampling"] = plan.parameters.get("sampling", rules["sampling"])
    drawn, _assignees, _params = plan_compute(month=plan.month, seed=plan.seed,
                                              until=datetime.fromisoformat(plan.parameters["until"]), rules=rules)
    stored = set(plan.samples.values_list("agent_id", "contact_id", "reason"))
    return stored == {(d.agent_id, d.contact_id, d.reason) for d in drawn}


@transaction.atomic
def exempt_stars_compute(*, month, now=None) -> list[ExemptStar]:
    """免检之星 of `month`: agents who met the rule in the month before. Idempotent
    (recomputing replaces the month's board)."""
    now = now or timezone.now()
    month = first_of_month(month)
    earned = previous_month(month)
    rule = policy_rules()["exempt_star"]
    minimum, count = Decimal(str(rule["min_average"])), int(rule["min_evaluations"])
    winners = {
        agent_id: row for agent_id, row in agent_month_qa(earned).items()
        if row["count"] >= count and not row["fatal"] and row["average"] is not None
        and Decimal(row["average"]) >= minimum
    }
    ExemptStar.objects.filter(month=month).exclude(agent_id__in=list(winners)).delete()
    out = []
    for agent_id, row in winners.items():
        star, _created = ExemptStar.objects.update_or_create(
            month=month, agent_id=agent_id,
            defaults={"earned_month": earned, "average": Decimal(row["average"]).quantize(Decimal("0.01")),
                      "evaluations": row["count"], "computed_at": now})
        out.append(star)
    return out

"""Demo SLA policies and escalation ladders, through the policy services; idempotent
(policies are found by name).

- first response: urgent 15 business minutes, high 30, normal 2 h, low 4 h on the
  service center's calendar; the VIP green channel halves each of them;
- department reply: 4 business hours (urgent 1 h) on the receiving department's calendar;
- resolution: 2 business days to the end of the day (complaints 3);
- callback: 1 business day after resolution, to the end of the day.
Escalation on every policy: 75 % → assignee; 100 % → team leads (urgent for VIP);
+30 business minutes → service managers and the responsible department head.
The clocks of existing open tickets are replayed afterwards."""

from sla.models import EscalationRule, SlaPolicy
from sla.services.clocks import clocks_recompute_open
from sla.services.policies import escalation_rule_set, policy_create

from . import DemoContext

FIRST_RESPONSE = {4: 15, 3: 30, 2: 120, 1: 240}
PRIORITY_NAMES = {4: ("紧急", "urgent"), 3: ("高", "high"), 2: ("普通", "normal"), 1: ("低", "low")}


def _policies() -> list[dict]:
    """Each policy is found by its Chinese name (`name`); `name_en` is what English pages show."""
    specs = []
    for priority, minutes in FIRST_RESPONSE.items():
        zh, en = PRIORITY_NAMES[priority]
        specs.append({"name": f"首次响应 · {zh}", "name_en": f"First response · {en}", "metric": "first_response",
                      "priority": priority, "target_minutes": minutes})
        specs.append({"name": f"首次响应 · {zh} · VIP绿色通道", "name_en": f"First response · {en} · VIP green channel",
                      "metric": "first_response", "priority": priority, "tier": "vip",
                      "target_minutes": max(1, minutes // 2)})
    specs += [
        {"name": "部门回复", "name_en": "Department reply", "metric": "department_reply", "target_minutes": 240},
        {"name": "部门回复 · 紧急", "name_en": "Department reply · urgent", "metric": "department_reply",
         "priority": 4, "target_minutes": 60},
        {"name": "解决", "name_en": "Resolution", "metric": "resolution", "target_days": 2, "end_of_day": True},
        {"name": "解决 · 投诉", "name_en": "Resolution · complaint", "metric": "resolution", "kind": "complaint",
         "target_days": 3, "end_of_day": True},
        {"name": "回访", "name_en": "Callback", "metric": "callback", "target_days": 1, "end_of_day": True},
    ]
    return specs


def run(ctx: DemoContext) -> None:
    created = False
    for spec in _policies():
        policy = SlaPolicy.objects.filter(name=spec["name"]).first()
        if policy is None:
            policy = policy_create(actor=None, system=True, now=ctx.now, recompute=False, **spec)
            created = True
        if not policy.rules.exists():
            escalation_rule_set(actor=None, system=True,
                                policy=policy, level=1, percent=75, notify=["assignee"], now=ctx.now,
                                recompute=False)
            escalation_rule_set(actor=None, system=True, policy=policy, level=2, percent=100, notify=["team_leads"],
                                urgency=EscalationRule.Urgency.URGENT_IF_VIP, now=ctx.now, recompute=False)
            escalation_rule_set(actor=None, system=True, policy=policy, level=3, trigger="offset", offset_minutes=30,
                                notify=["service_managers", "department_head"], now=ctx.now, recompute=False)
            created = True
    if created:
        clocks_recompute_open(now=ctx.now)
    ctx.data["policies"] = {p.name: p for p in SlaPolicy.objects.all()}

"""Demo complaint loop: seat groups, the authority chain, the complaint clock
policies, and SHARE of `--tickets` complaints (10 %: 100 by default) taken in and
carried through the loop by the complaint services with `now=` in the past — every
stage present: just received, acknowledged, in handling (some with approvals
pending), final reply awaiting the callback, closed satisfied, reopened after a
dissatisfied callback, unreachable, re-complaints, closed by the manager with a reason.

Deterministic (one seeded generator per complaint) and idempotent: a rerun skips as
many as already exist. Hook deliveries are coalesced per batch (the SLA clocks are
derived once per ticket), and outbound messages are delivered in place through a
silent sender."""

import random
import sys
import time
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from complaints import services as cs
from complaints.defaults import install_default_chain
from complaints.models import Complaint, SeatGroup
from complaints.services.outbox import held
from sla.models import EscalationRule, SlaPolicy
from sla.services.policies import escalation_rule_set, policy_create
from tickets import hooks
from tickets.models import Customer
from tickets.services import ticket_assign

from . import DEFAULT_TICKETS
from .accountability import finding_for

SHARE = 0.1  # of --tickets: 100 complaints by default, every stage shown (keeps a fresh `make run` quick)
BATCH = 100

POLICIES = [
    {"name": "投诉受理确认", "name_en": "Complaint acknowledgement", "metric": "acknowledgement", "target_minutes": 15},
    {"name": "投诉初步评估", "name_en": "Complaint initial assessment", "metric": "assessment", "target_minutes": 120},
    {"name": "投诉阶段回复", "name_en": "Complaint stage update", "metric": "stage_update", "target_days": 1},
    {"name": "补救审批", "name_en": "Remedy approval", "metric": "approval", "target_minutes": 240},
    {"name": "补救审批 · VIP绿色通道", "name_en": "Remedy approval · VIP green channel", "metric": "approval",
     "tier": "vip", "target_minutes": 120},
]

GROUPS = [
    ("logistics-desk", "物流专席", "Logistics desk", ["logistics"], ["agent1", "agent2"], {}),
    ("merchandise-desk", "商品专席", "Merchandise desk", ["merchandise", "refund"], ["agent3"], {}),
    ("vip-desk", "VIP专席", "VIP desk", [], ["agent4"], {"is_vip": True}),
    ("pool", "公共池", "Pool", [], ["agent1", "agent2", "agent3", "agent4"], {"is_pool": True}),
]

TITLES = ["快递延误一周仍未送达", "收到的商品有破损", "退款申请十天未到账", "客服承诺的回电没有兑现",
          "发错了颜色和尺码", "包裹显示签收但本人未收到", "会员积分被无故扣除", "发票开具错误",
          "APP支付扣款但订单未生成", "赠品未随单发出"]
REMEDIES = ["全额退款", "赔偿运费", "补发商品", "书面道歉", "退货退款", "给予补偿"]
# (weight, scenario) for complaints older than three days.
SCENARIOS = [(52, "satisfied"), (10, "awaiting_callback"), (9, "reopened"), (6, "unreachable"), (5, "re_complaint"),
             (4, "survey"), (4, "force_closed"), (10, "handling")]
AMOUNTS = [(35, None), (25, "50"), (20, "300"), (12, "800"), (8, "3000")]


class SilentSender:
    def send(self, **kwargs):
        return None


def _setup(ctx) -> dict:
    users = ctx.data["users"]
    departments = ctx.data["departments"]
    categories = ctx.data["categories"]
    for spec in POLICIES:
        if SlaPolicy.objects.filter(name=spec["name"]).exists():
            continue
        policy = policy_create(actor=None, system=True, now=ctx.now, recompute=False, kind="complaint", **spec)
        escalation_rule_set(actor=None, system=True, policy=policy, level=1, percent=100,
                            notify=["assignee", "team_leads"], urgency=EscalationRule.Urgency.URGENT_IF_VIP,
                            now=ctx.now, recompute=False)
        escalation_rule_set(actor=None, system=True, policy=policy, level=2, trigger="offset", offset_minutes=60,
                            notify=["service_managers", "department_head"], now=ctx.now, recompute=False)
    install_default_chain(departments["finance"])
    lead = users["lead1"]
    for code, name, name_en, cats, members, flags in GROUPS:
        if SeatGroup.objects.filter(code=code).exists():
            continue
        cs.seat_group_create(actor=lead, name=name, name_en=name_en, code=code, now=ctx.now,
                             categories=[categories[c] for c in cats if c in categories],
                             members=[users[u] for u in members], **flags)
    return users


def _weighted(rng, pairs):
    return rng.choices([v for _w, v in pairs], weights=[w for w, _v in pairs])[0]


def _deliver(ids, at):
    for message_id in ids:
        cs.message_deliver(message_id=message_id, now=at, sender=SilentSender())
    ids.clear()


def _one(i: int, *, ctx, users, customers, categories, days, outbox) -> None:
    rng = random.Random(ctx.rng_seed * 7919 + i)
    age = timedelta(minutes=int(rng.random() ** 1.5 * days * 24 * 60)) + timedelta(minutes=20)
    t = ctx.now - age
    agents = [users[f"agent{n}"] for n in range(1, 5)]
    lead, manager, finance_head = users["lead1"], users["manager1"], users["finance_head"]
    customer = customers[rng.randrange(len(customers))]
    category = categories[rng.randrange(len(categories))]
    flags = ["regulator"] if rng.random() < 0.02 else []
    complaint = cs.complaint_create(
        actor=rng.choice(agents), customer=customer, category=category, title=rng.choice(TITLES),
        channel=rng.choice(["hotline", "hotline", "webchat", "wechat", "email"]), flags=flags,
        severity=rng.choice(["general"] * 6 + ["serious"]), desired_remedy=rng.choice(REMEDIES),
        order_numbers=[f"SO{rng.randrange(10**9, 10**10)}"], now=t,
        amount_in_dispute=Decimal(rng.choice(["59.00", "128.00", "399.00", "1299.00"])),
    )
    if age < timedelta(minutes=30):
        outbox.clear()
        return  # just received
    _deliver(outbox, t + timedelta(minutes=rng.randint(1, 5)))
    ticket = complaint.ticket
    handler = ticket.assignee
    if handler is None:
        handler = rng.choice(agents)
        ticket_assign(ticket=ticket, actor=lead, assignee=handler, now=t + timedelta(minutes=6))
    if age < timedelta(hours=2):
        return  # acknowledged
    t += timedelta(minutes=rng.randint(20, 110))
    cs.complaint_assess(actor=handler, complaint=complaint, severity=complaint.severity, now=t)
    amount = _weighted(rng, AMOUNTS)
    pending_step = None
    if amount is not None:
        t += timedelta(minutes=rng.randint(10, 90))
        remedy = cs.remedy_propose(actor=handler, complaint=complaint, now=t, kind=rng.choice(
            ["compensation", "refund", "gift"]), amount=amount, description=rng.choice(REMEDIES))
        for approver in (lead, manager, finance_head):
            step = remedy.approvals.filter(status="pending").first()
            if step is None or step.approver != approver:
                continue
            if age < timedelta(days=2) and rng.random() < 0.5:
                pending_step = step
                break  # still awaiting this approver
            t += timedelta(minutes=rng.randint(30, 300))
            if rng.random() < 0.08:
                cs.approval_reject(actor=approver, approval=step, reason="超出补偿政策，建议改为优惠券", now=t)
                break
            cs.approval_approve(actor=approver, approval=step, now=t)
        remedy.refresh_from_db()
        if remedy.status == "granted" and rng.random() < 0.8:
            t += timedelta(hours=rng.randint(1, 6))
            cs.remedy_execute(actor=handler, remedy=remedy, reference=f"RF{rng.randrange(10**8, 10**9)}", now=t)
    t += timedelta(hours=rng.randint(2, 20))
    if t > ctx.now - timedelta(minutes=5) or pending_step is not None:
        _deliver(outbox, min(t, ctx.now))
        return
    cs.complaint_stage_reply(actor=handler, complaint=complaint, now=t,
                             body="您好，您反馈的问题我们已转相关部门核实，将尽快答复您。")
    _deliver(outbox, t)
    scenario = _weighted(rng, SCENARIOS) if age > timedelta(days=3) else "handling"
    if scenario == "handling":
        return
    t += timedelta(hours=rng.randint(3, 30))
    caller = rng.choice([a for a in agents if a != handler])
    complaint = cs.complaint_final_reply(actor=handler, complaint=complaint, caller=caller, now=t,
                                         body="经核实，问题已处理完毕，感谢您的耐心。")
    _deliver(outbox, t)
    task = complaint.callbacks.get(status="open")
    t += timedelta(hours=rng.randint(4, 30))
    if scenario == "awaiting_callback" or t > ctx.now:
        return
    if scenario != "reopened":  # a complaint closes only with its root cause
        finding_for(ctx=ctx, i=i, complaint=complaint, handler=handler, now=t - timedelta(minutes=30))
    if scenario == "force_closed":
        cs.complaint_force_close(actor=manager, complaint=complaint, reason="客户已撤诉（书面确认）", now=t)
    elif scenario == "survey":
        cs.survey_answer(complaint=complaint, solved=True, satisfaction=rng.choice([4, 5]), comment="处理及时", now=t)
    elif scenario == "unreachable":
        for hours in (0, 3, 26):
            cs.callback_attempt_record(actor=caller, task=task, outcome="no_answer", now=t + timedelta(hours=hours))
        cs.callback_give_up(actor=caller, task=task, now=t + timedelta(hours=27))
    else:
        satisfied = scenario == "satisfied"
        cs.callback_attempt_record(
            actor=caller, task=task, outcome="reached", now=t, solved=satisfied or rng.random() < 0.3,
            first_contact=rng.random() < 0.6, satisfaction=rng.choice([4, 5]) if satisfied else rng.choice([1, 2, 3]),
            comment="" if satisfied else "问题没有真正解决", follow_up="re_complaint" if scenario == "re_complaint"
            else "reopen", new_issue="补发的商品又有问题")
    outbox.clear()


def run(ctx) -> None:
    options = ctx.data.get("options", {})
    count = round(options.get("tickets", DEFAULT_TICKETS) * SHARE)
    users = _setup(ctx)
    done = Complaint.objects.count()
    if done >= count:
        print("  complaints: demo complaints already there, nothing to add")
        return
    customers = list(Customer.objects.order_by("pk"))
    categories = list(ctx.data["leaf_categories"])
    started = time.monotonic()
    for start in range(done, count, BATCH):
        with transaction.atomic(), hooks.coalesced(), held() as outbox:
            for i in range(start, min(start + BATCH, count)):
                _one(i, ctx=ctx, users=users, customers=customers, categories=categories,
                     days=options.get("days", 60), outbox=outbox)
        made = min(start + BATCH, count)
        print(f"  complaints: {made}/{count} ({(made - done) / max(time.monotonic() - started, 0.001):.0f}/s)",
              file=sys.stdout, flush=True)

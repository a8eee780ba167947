"""Demo batch incidents (批量事件), each through the services with `now=` in the past:

- a confirmed incident: a burst of late deliveries from the East China warehouse this
  morning, raised by the detection run itself, confirmed by the lead, its complaints
  linked as children and a stage reply broadcast to every customer;
- a suspected incident awaiting the lead: a burst of quality complaints about one
  air-conditioner model in the last hour, raised by the detection run at `now`;
- a major incident against Tech & Ops: duplicate charges after a payment-system
  upgrade three weeks ago (many customers, in the press), resolved with every child's
  final reply and callback — what the agreements' "0 major incidents a quarter" reads.

Idempotent: the step is skipped when its incidents are there. Deterministic (its own
seeded generator). Outbound messages are delivered in place through a silent sender."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from complaints import services as cs
from complaints.models import Incident, IncidentLink, IncidentStatus, LinkStatus
from complaints.services.early_warning import early_warning_detect
from complaints.services.incidents import (
    incident_broadcast,
    incident_confirm,
    incident_link_add,
    incident_link_decide,
    incident_open,
    incident_resolve,
)
from complaints.services.outbox import held
from complaints.services.tags import complaint_tags_set
from tickets.models import Customer

MAJOR_TITLE = "支付系统升级故障导致重复扣款"
SKU = "格力KFR-35GW"

LATE = ["下单五天了物流一直没有更新", "显示已发货但三天没有派送记录", "说好次日达，现在还没到",
        "催了两次仍没有配送信息", "急用的东西一直卡在华东仓", "物流停在“已揽收”不动了", "预约的上门时间没人来送"]
QUALITY = ["新买的空调漏水，地板都泡了", "空调外机噪音很大，邻居投诉", "空调开机半小时就报E1故障",
           "空调制冷效果差，温度降不下来", "空调内机滴水，师傅说是批次问题", "空调遥控失灵，换电池也没用"]
PAYMENT = ["同一笔订单被扣了两次款", "支付失败但银行卡被扣费", "退款还没到账又被扣了一次", "会员续费重复扣款"]


class _SilentSender:
    def send(self, **kwargs):
        return None


def _intake(rng, *, agents, customers, category, titles, at, remedy, amount=None):
    agent = rng.choice(agents)
    return agent, cs.complaint_create(
        actor=agent, customer=customers[rng.randrange(len(customers))], category=category,
        title=titles[rng.randrange(len(titles))], channel=rng.choice(["hotline", "hotline", "webchat", "wechat"]),
        desired_remedy=remedy, order_numbers=[f"SO{rng.randrange(10**9, 10**10)}"], now=at,
        amount_in_dispute=Decimal(amount) if amount else None)


def _deliver(ids, at):
    for message_id in ids:
        cs.message_deliver(message_id=message_id, now=at, sender=_SilentSender())
    ids.clear()


def _link_suggested(lead, incident, at):
    for link in IncidentLink.objects.filter(incident=incident, status=LinkStatus.SUGGESTED).order_by("pk"):
        incident_link_decide(actor=lead, link=link, accept=True, now=at)


def _confirmed_burst(rng, ctx, *, lead, agents, customers, outbox):
    """This morning: seven late deliveries from one warehouse within the hour."""
    category = ctx.data["categories"]["late-delivery"]
    start = ctx.now - timedelta(hours=5, minutes=50)
    for i in range(7):
        _intake(rng, agents=agents, customers=customers, category=category, titles=LATE,
                at=start + timedelta(minutes=6 * i + rng.randint(0, 4)), remedy="尽快送达并补偿运费")
    detect_at = start + timedelta(minutes=50)
    early_warning_detect(now=detect_at)
    # Raised by the detection itself (its title names the count and the category); by
    # hand only if the complaints step happened to make this hour's baseline high.
    incident = (Incident.objects.filter(category=category, status=IncidentStatus.SUSPECTED).order_by("-pk").first()
                or incident_open(actor=lead, title="华东仓分拣系统故障导致配送延误", category=category,
                                 now=detect_at))
    t = detect_at + timedelta(minutes=12)
    incident_confirm(actor=lead, incident=incident, now=t, major_reasons=[])
    _link_suggested(lead, incident, t + timedelta(minutes=3))
    incident_broadcast(actor=lead, incident=incident, key="demo-stage-1", now=t + timedelta(minutes=40),
                       body="您好，华东仓分拣系统今早出现故障，已于10点前修复，积压包裹正在加急发出，预计24小时内送达。"
                            "给您带来不便，非常抱歉。")
    _deliver(outbox, t + timedelta(minutes=41))
    # One more came in after the broadcast: suggested at intake, not yet linked.
    _intake(rng, agents=agents, customers=customers, category=category, titles=LATE,
            at=t + timedelta(hours=2), remedy="要求今天送达")
    _deliver(outbox, t + timedelta(hours=2, minutes=1))


def _suspected_burst(rng, ctx, *, agents, customers, outbox):
    """The last hour: six complaints about air conditioners, four of them tagged with one
    model (below the tag rule's minimum: one suspected incident, by category)."""
    category = ctx.data["categories"]["quality"]
    for i in range(6):
        at = ctx.now - timedelta(minutes=52 - 7 * i)
        agent, complaint = _intake(rng, agents=agents, customers=customers, category=category, titles=QUALITY,
                                   at=at, remedy="上门维修或换新", amount="3299.00")
        if i % 3:
            complaint_tags_set(actor=agent, complaint=complaint, tags=[SKU], now=at)
    # A minute ago: every demo event stays before the run's `now`.
    _deliver(outbox, ctx.now - timedelta(minutes=1))
    early_warning_detect(now=ctx.now - timedelta(minutes=1))


def _major_incident(rng, ctx, *, lead, manager, agents, customers, outbox):
    """Three weeks ago: duplicate charges after a payment-system upgrade."""
    category = ctx.data["categories"]["payment-failure"]
    techops = ctx.data["departments"]["techops"]
    start = ctx.now - timedelta(days=21, hours=3)
    children = [_intake(rng, agents=agents, customers=customers, category=category, titles=PAYMENT,
                        at=start + timedelta(minutes=9 * i), remedy="退回多扣的款项", amount="199.00")[1]
                for i in range(5)]
    incident = incident_open(actor=lead, title=MAJOR_TITLE, category=category, responsible_department=techops,
                             now=start + timedelta(minutes=50))
    t = start + timedelta(hours=1)
    incident_confirm(actor=manager, incident=incident, responsible_department=techops, now=t,
                     major_reasons=["many_customers", "media"])
    for child in children:  # some were already suggested at confirmation; the lead links them all
        incident_link_add(actor=lead, incident=incident, complaint=child, now=t + timedelta(minutes=5))
    incident_broadcast(actor=lead, incident=incident, key="demo-stage-1", now=t + timedelta(hours=1),
                       body="您好，因支付系统升级出现重复扣款，技术部门已定位问题并停止扣款，多扣款项将原路退回。")
    incident_resolve(actor=lead, incident=incident, now=t + timedelta(hours=20),
                     resolution="多扣款项已全部原路退回（1-3个工作日到账），并向每位客户赠送20元优惠券。"
                                "对给您造成的困扰深表歉意。")
    _deliver(outbox, t + timedelta(hours=20, minutes=1))


def run(ctx) -> None:
    if Incident.objects.filter(title=MAJOR_TITLE).exists():
        print("  incidents: demo incidents already there, nothing to add")
        return
    users = ctx.data["users"]
    rng = random.Random(ctx.rng_seed * 31 + 9)
    agents = [users[f"agent{n}"] for n in range(1, 5)]
    customers = list(Customer.objects.order_by("pk")[:200])
    if not customers:
        print("  incidents: no customers, no incidents")
        return
    kwargs = {"agents": agents, "customers": customers}
    # No hooks.coalesced(): it keeps only each ticket's last event, and the intake
    # event is what suggests a new complaint to a confirmed incident (some twenty tickets).
    with transaction.atomic(), held() as outbox:
        _major_incident(rng, ctx, lead=users["lead1"], manager=users["manager1"], outbox=outbox, **kwargs)
        _confirmed_burst(rng, ctx, lead=users["lead1"], outbox=outbox, **kwargs)
        _suspected_burst(rng, ctx, outbox=outbox, **kwargs)
    print(f"  incidents: {Incident.objects.count()} batch incidents "
          f"({Incident.objects.filter(status=IncidentStatus.SUSPECTED).count()} awaiting the lead)")

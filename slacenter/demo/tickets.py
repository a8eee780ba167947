"""Demo customers and tickets. Every ticket is written through `tickets.services`
with `now=` set in the past, so the event log is complete and consistent and the
upper layers (SLA clocks) derive their state from it exactly as in production.

Deterministic: customer i and ticket i each draw from their own seeded random
generator. Idempotent and resumable: customers carry `external_ids["demo"]`; tickets
are created in a fixed order (oldest first) in committed batches, and a rerun skips
as many as already exist.

Upper layers hear about the events through `tickets.hooks` as usual, but coalesced
per batch: each subscriber gets every touched ticket's *last* event once, at the end of
the batch and inside its transaction. Subscribers derive their state by replaying the
ticket's whole log (see `tickets.hooks`), so the result is the same as hearing every
event, without replaying a ticket's log once per event during a bulk load.

Options (from `seed_demo`): ctx.data["options"] = {"tickets", "customers", "days"}.
"""

import random
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from slacenter.demo import DEFAULT_CUSTOMERS, DEFAULT_TICKETS
from tickets import hooks
from tickets.models import Channel, Comment, Customer, Priority, ReplyTemplate, Ticket, TicketKind
from tickets.services import (
    comment_add,
    customer_create,
    ticket_create,
    ticket_transition,
    transfer_answer,
    transfer_bounce,
    transfer_create,
    transfer_rate,
)

BATCH = 200
# Where a bounced question goes next.
RETRY_CODES = ("merchandise", "logistics", "techops", "finance")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯佳欣怡梓涵子轩雨桐思远"
PHONE_PREFIXES = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
                  "166", "176", "177", "180", "181", "186", "187", "188", "189", "199"]

CHANNEL_WEIGHTS = {
    Channel.HOTLINE: 45, Channel.WEBCHAT: 20, Channel.WECHAT: 15, Channel.EMAIL: 6,
    Channel.WEB_FORM: 8, Channel.COUNTER: 2, Channel.SOCIAL: 4,
}
KIND_WEIGHTS = {TicketKind.INQUIRY: 50, TicketKind.REQUEST: 20, TicketKind.COMPLAINT: 30}
PRIORITY_WEIGHTS = {Priority.LOW: 10, Priority.NORMAL: 65, Priority.HIGH: 20, Priority.URGENT: 5}
# Contacts per hour of the local day (the hotline is staffed 8:00–22:00).
HOUR_WEIGHTS = {8: 4, 9: 8, 10: 10, 11: 10, 12: 7, 13: 7, 14: 9, 15: 9, 16: 8, 17: 7, 18: 6, 19: 7, 20: 8, 21: 6}

TITLES = {
    "late-delivery": ["订单{order}超过承诺时效仍未送达", "物流信息三天未更新", "催促发货：订单{order}"],
    "lost-parcel": ["显示已签收但未收到包裹", "包裹丢失，订单{order}"],
    "damaged-parcel": ["收到的商品外包装破损", "商品运输中损坏，要求换货"],
    "quality": ["商品使用一周出现质量问题", "衣服开线掉色", "电器无法开机"],
    "wrong-item": ["收到的商品与订单不符", "尺码发错，订单{order}"],
    "out-of-stock": ["下单后被告知缺货", "预售商品迟迟不发货"],
    "app-crash": ["APP打开即闪退", "更新后APP无法使用"],
    "payment-failure": ["支付失败但已扣款", "优惠券无法使用导致支付失败"],
    "login": ["无法登录账号", "收不到登录验证码"],
    "address-change": ["申请修改收货地址", "地址填错，请求拦截改派"],
    "order-cancel": ["申请取消订单{order}", "误下单要求取消"],
    "service-attitude": ["投诉客服态度差", "客服承诺回电未回电"],
    "refund-delay": ["退款超过7天未到账", "退货已签收仍未退款"],
    "invoice": ["申请补开发票", "发票抬头错误需重开"],
}
QUESTIONS = [
    "请核实订单{order}的实际情况并给出处理方案。",
    "客户情绪激动，请贵部门尽快核实并回复处理意见。",
    "请确认责任归属及可以给予客户的补偿方案。",
]
ANSWERS = [
    "已核实，属我部门责任，同意为客户补发并补偿20元优惠券。",
    "已联系承运商加急处理，预计明天送达。",
    "经核查系系统问题，已修复，款项将于3个工作日内退回。",
    "已安排专人跟进，今日内联系客户。",
]
BOUNCES = ["该问题不属于我部门职责，请转相关部门。", "信息不全，请补充订单号和凭证照片。"]
# Why an agent is not satisfied with a department's answer (issue 11: reply satisfaction).
RATING_REASONS = ["答复未给出具体处理时间。", "答复内容与客户问题不符。", "答复过于笼统，无法回复客户。"]
NOTES = [
    "客户为老客户，注意安抚情绪。",
    "已查询订单系统，物流信息异常。",
    "客户要求主管回电。",
    "同类问题本周第3起，已报组长。",
]
STAGE_REPLIES = [
    "您好，相关部门已给出处理意见，我们正在为您办理，请耐心等待。",
    "您好，您的问题已有进展，预计明天给您最终答复。",
]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- customers ---------------------------------------------------------------------


def _customer_fields(seed: int, index: int) -> dict:
    rng = random.Random(f"{seed}-customer-{index}")
    roll = rng.random()
    tier = Customer.Tier.VIP if roll < 0.05 else Customer.Tier.GOLD if roll < 0.20 else Customer.Tier.STANDARD
    return {
        "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
        "phone": rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}",
        "tier": tier,
        "external_ids": {"demo": str(index), "member": f"M{100000 + index}"},  # ids are texts
    }


def _customers(ctx, count: int) -> list[Customer]:
    existing = {int(c.external_ids["demo"]): c for c in Customer.objects.filter(external_ids__has_key="demo")}
    with transaction.atomic():
        for index in range(count):
            if index not in existing:
                existing[index] = customer_create(**_customer_fields(ctx.rng_seed, index))
    return [existing[i] for i in range(count)]


# --- tickets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """When ticket `index` is opened: `days_ago` whole local days before today, at
    `minute_of_day`. Independent of the run's clock, so every run orders the same."""

    index: int
    days_ago: int
    minute_of_day: int


def _slots(seed: int, count: int, days: int) -> list[Slot]:
    slots = []
    for index in range(count):
        rng = random.Random(f"{seed}-slot-{index}")
        hour = _weighted(rng, HOUR_WEIGHTS)
        slots.append(Slot(index, rng.randrange(days), hour * 60 + rng.randrange(60)))
    return sorted(slots, key=lambda s: (-s.days_ago, s.minute_of_day, s.index))


def _opened_at(slot: Slot, now: datetime) -> datetime:
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    at = today - timedelta(days=slot.days_ago) + timedelta(minutes=slot.minute_of_day)
    while at > now - timedelta(minutes=5):
        at -= timedelta(days=1)
    return at


class _Stop(Exception):
    """The ticket's story has reached the present: it stays in its current state."""


class _Story:
    """Moves one ticket through its life, refusing any step that would lie in the
    future or beyond `max_steps` (a backlog ticket someone has not got to yet)."""

    def __init__(self, now: datetime, at: datetime, max_steps: int | None = None):
        self.now, self.at, self.steps_left = now, at, max_steps

    def after(self, minutes: float) -> datetime:
        self.at += timedelta(minutes=minutes)
        if self.at >= self.now or self.steps_left == 0:
            raise _Stop
        if self.steps_left is not None:
            self.steps_left -= 1
        return self.at


def _ticket_story(ctx, rng: random.Random, at: datetime, customer: Customer, templates: dict) -> None:
    data = ctx.data
    departments = data["departments"]
    users = data["users"]
    category = rng.choice(data["leaf_categories"])
    agent = rng.choice(data["agents"])
    kind = _weighted(rng, KIND_WEIGHTS)
    priority = _weighted(rng, PRIORITY_WEIGHTS)
    if customer.tier == Customer.Tier.VIP and priority < Priority.HIGH:
        priority = Priority.HIGH
    order = f"{rng.randrange(10**11, 10**12)}"
    title = rng.choice(TITLES.get(category.code, ["客户咨询"])).format(order=order)
    ticket = ticket_create(
        actor=agent, customer=customer, title=title, channel=_weighted(rng, CHANNEL_WEIGHTS), category=category,
        kind=kind, priority=priority, assignee=agent, now=at,
        description=f"客户来电反映：{title}。订单号 {order}。",
    )
    # A quarter of last week's tickets are still being worked on (the open backlog).
    stalled = ctx.now - at < timedelta(days=7) and rng.random() < 0.25
    story = _Story(ctx.now, at, max_steps=rng.randrange(6) if stalled else None)
    if rng.random() < 0.03:
        ticket_transition(
            ticket=ticket, actor=agent, action="cancel", reason="重复工单", now=story.after(rng.uniform(1, 10))
        )
        return
    reply_text = rng.choice(templates.get(category.pk) or templates[None])
    if kind == TicketKind.INQUIRY and rng.random() < 0.45:
        # Answered on first contact.
        comment_add(ticket=ticket, actor=agent, body=reply_text, visibility=Comment.Visibility.PUBLIC,
                    now=story.after(rng.uniform(1, 15)))
        ticket_transition(ticket=ticket, actor=agent, action="resolve", now=story.after(rng.uniform(1, 5)))
        _close_or_reopen(rng, story, ticket, agent)
        return
    ticket_transition(ticket=ticket, actor=agent, action="start", now=story.after(rng.uniform(1, 20)))
    comment_add(ticket=ticket, actor=agent, body=reply_text, visibility=Comment.Visibility.PUBLIC,
                now=story.after(rng.expovariate(1 / 40)))
    if rng.random() < 0.3:
        comment_add(ticket=ticket, actor=agent, body=rng.choice(NOTES), now=story.after(rng.uniform(1, 30)))
    transfer_chance = {TicketKind.COMPLAINT: 0.65, TicketKind.REQUEST: 0.35}.get(kind, 0.08)
    if rng.random() < transfer_chance:
        department = category.default_department or departments[rng.choice(RETRY_CODES)]
        if not _transfer(rng, story, ticket, agent, department, order, departments, users):
            return
    if rng.random() < 0.15:
        ticket_transition(ticket=ticket, actor=agent, action="wait_customer", now=story.after(rng.uniform(5, 60)))
        ticket_transition(ticket=ticket, actor=agent, action="customer_responded",
                          now=story.after(rng.uniform(60, 24 * 60)))
    comment_add(ticket=ticket, actor=agent, body="您好，您的问题已处理完毕，感谢您的耐心等待。",
                visibility=Comment.Visibility.PUBLIC, now=story.after(rng.uniform(10, 24 * 60)))
    ticket_transition(ticket=ticket, actor=agent, action="resolve", now=story.after(rng.uniform(1, 10)))
    _close_or_reopen(rng, story, ticket, agent)


def _transfer(rng, story, ticket, agent, department, order, departments, users) -> bool:
    """One transfer with the department's reply or bounce (a bounce may be followed by a
    transfer to another department). False when the question is left unanswered."""
    transfer = transfer_create(ticket=ticket, actor=agent, department=department,
                               question=rng.choice(QUESTIONS).format(order=order),
                               now=story.after(rng.uniform(5, 90)))
    responder = users[f"{department.code}_{rng.choice(['staff', 'staff', 'head'])}"]
    roll = rng.random()
    if roll < 0.05:
        return False
    delay = rng.lognormvariate(5.3, 0.9)  # minutes; median ≈ 3.3 h, a long tail past a day
    if roll < 0.17:
        transfer_bounce(transfer=transfer, actor=responder, reason=rng.choice(BOUNCES), now=story.after(delay))
        if rng.random() < 0.6:
            others = [d for code, d in departments.items() if code in RETRY_CODES and d != department]
            return _transfer(rng, story, ticket, agent, rng.choice(others), order, departments, users)
        return True
    transfer = transfer_answer(transfer=transfer, actor=responder, answer=rng.choice(ANSWERS),
                               now=story.after(delay))
    _rate(transfer, agent, story.now)
    comment_add(ticket=ticket, actor=agent, body=rng.choice(STAGE_REPLIES), visibility=Comment.Visibility.PUBLIC,
                now=story.after(rng.uniform(5, 120)))
    return True


def _rate(transfer, agent, now) -> None:
    """The agent rates ~70 % of the answers, mostly satisfied, within the hour. Its own
    seeded random, so the rest of the story draws the same numbers as before."""
    rng = random.Random(f"rating-{transfer.ticket.number}-{transfer.department_id}")
    if rng.random() >= 0.7:
        return
    at = transfer.answered_at + timedelta(minutes=rng.uniform(2, 60))
    if at >= now:
        return
    satisfied = rng.random() < 0.85
    transfer_rate(transfer=transfer, actor=agent, satisfied=satisfied,
                  reason="" if satisfied else rng.choice(RATING_REASONS), now=at)


def _close_or_reopen(rng, story, ticket, agent) -> None:
    """Callback within about a day of resolution, then close (a few late, so the
    callback clock has breaches to show; a few never called back yet); a few reopen."""
    if rng.random() < 0.02:
        return
    delay_hours = rng.uniform(2, 20) if rng.random() < 0.9 else rng.uniform(24, 72)
    ticket_transition(ticket=ticket, actor=agent, action="close", now=story.after(delay_hours * 60))
    if rng.random() < 0.03:
        ticket_transition(ticket=ticket, actor=agent, action="reopen", reason="回访客户不满意，问题未解决",
                          now=story.after(rng.uniform(60, 3 * 24 * 60)))
        comment_add(ticket=ticket, actor=agent, body="您好，已重新为您跟进处理，给您带来不便深表歉意。",
                    visibility=Comment.Visibility.PUBLIC, now=story.after(rng.uniform(10, 240)))
        ticket_transition(ticket=ticket, actor=agent, action="resolve", now=story.after(rng.uniform(60, 24 * 60)))
        ticket_transition(ticket=ticket, actor=agent, action="close", now=story.after(rng.uniform(12 * 60, 48 * 60)))


def _templates_by_category() -> dict:
    by_category: dict = {None: []}
    for category_id, body in ReplyTemplate.objects.filter(is_active=True).values_list("category_id", "body"):
        by_category.setdefault(category_id, []).append(body)
    return by_category


def _tickets(ctx, customers: list[Customer], count: int, days: int) -> int:
    # This step's tickets so far: the demo customers' tickets, less the complaints step's
    # (opened through the complaint intake, each with its complaint record).
    done = Ticket.objects.filter(customer__external_ids__has_key="demo", complaint__isnull=True).count()
    slots = _slots(ctx.rng_seed, count, days)[done:]
    templates = _templates_by_category()
    started = time.monotonic()
    for start in range(0, len(slots), BATCH):
        with transaction.atomic():
            with hooks.coalesced():
                for slot in slots[start : start + BATCH]:
                    rng = random.Random(f"{ctx.rng_seed}-ticket-{slot.index}")
                    customer = customers[rng.randrange(len(customers))]
                    try:
                        _ticket_story(ctx, rng, _opened_at(slot, ctx.now), customer, templates)
                    except _Stop:
                        pass
        made = done + min(start + BATCH, len(slots))
        rate = (start + min(BATCH, len(slots) - start)) / max(time.monotonic() - started, 0.001)
        print(f"  tickets: {made}/{count} ({rate:.0f}/s)", file=sys.stdout, flush=True)
    return len(slots)


def run(ctx) -> None:
    options = ctx.data.get("options", {})
    count = options.get("tickets", DEFAULT_TICKETS)
    customer_count = options.get("customers", DEFAULT_CUSTOMERS)
    customers = _customers(ctx, customer_count)
    print(f"  customers: {len(customers)}")
    if count and customers:
        created = _tickets(ctx, customers, count, options.get("days", 60))
        if not created:
            print("  tickets: demo tickets already there, nothing to add")

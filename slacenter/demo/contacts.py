"""Demo contact records: 60 days of calls and online sessions, written through the
bulk import service (`tickets.services.contacts.contacts_import`), like the telephony
and chat systems would send them.

- Volume: a center of 80 agents takes about 6,000 contacts a day; the demo scales that
  to its own agents (75 a day each, less on weekends), 70 % calls, 30 % chats.
- Intraday shape: staffed 08:00–22:00, peaks late morning, mid-afternoon and evening.
- Calls wait longer at the peaks; a caller whose patience runs out abandons. Talk and
  wrap-up times are skewed (log-normal); about 40 % press an IVR satisfaction rating.
- Sessions carry their messages (visitor ↔ agent), so first-response and response
  times are derived from them; about half rate the session.
- Every demo ticket taken on the hotline, webchat or WeChat gets its contact at the
  ticket's creation, by the same customer and (when an agent made it) the same agent.

Deterministic (one seeded generator per day) and idempotent: external ids are fixed,
the import skips what exists, and a second run finds the source already loaded.
"""

import math
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

from tickets.models import Channel, ContactRecord, Customer, Role, Ticket
from tickets.services.contacts import contacts_import

SOURCE_CALLS = "demo-pbx"
SOURCE_CHATS = "demo-chat"
PER_AGENT_PER_DAY = 75
DAYS = 60
HOUR_WEIGHTS = {8: 3, 9: 7, 10: 10, 11: 11, 12: 7, 13: 6, 14: 9, 15: 10, 16: 8, 17: 6, 18: 5, 19: 7, 20: 9, 21: 6}
QUEUES = ["售前咨询", "售后服务", "投诉专线", "VIP专线"]
QUEUE_WEIGHTS = [35, 40, 15, 10]
SATISFACTION = [5, 4, 3, 2, 1]
SATISFACTION_WEIGHTS = [55, 25, 10, 5, 5]
VISITOR_LINES = ["你好，在吗？", "我的订单什么时候发货？", "物流三天没更新了", "可以帮我改一下地址吗",
                 "退款什么时候到账", "好的，谢谢", "还有一个问题", "麻烦快一点"]
AGENT_LINES = ["您好，很高兴为您服务，请问有什么可以帮您？", "请提供一下订单号，我帮您查询。",
               "已为您查询，包裹正在派送中。", "已为您登记，会在24小时内处理。", "请问还有其他可以帮您的吗？",
               "感谢您的耐心等待。"]


def _peak_factor(hour: int) -> float:
    # A contact just before opening (a ticket opened at 08:02, its call at 07:55) counts as quiet.
    return HOUR_WEIGHTS.get(hour, min(HOUR_WEIGHTS.values())) / 10


def _call(rng, n, at, agent, phone, ticket=None):
    factor = _peak_factor(at.hour)
    wait = int(rng.expovariate(1 / (8 + 25 * factor)))
    patience = rng.expovariate(1 / 70)
    row = {"source": SOURCE_CALLS, "external_id": n, "channel": "hotline",
           "queue": rng.choices(QUEUES, QUEUE_WEIGHTS)[0], "customer_phone": phone, "offered_at": at,
           "wait_seconds": wait, "ticket": ticket or ""}
    if wait > patience and not ticket:
        return row  # abandoned
    talk = int(rng.lognormvariate(math.log(200), 0.6))
    answered = at + timedelta(seconds=wait)
    row.update(agent=agent, answered_at=answered, ended_at=answered + timedelta(seconds=talk), talk_seconds=talk,
               wrap_seconds=int(rng.lognormvariate(math.log(30), 0.5)),
               recording_ref=f"/recordings/{at:%Y%m%d}/{n}.mp3")
    if rng.random() < 0.4:
        row["satisfaction"] = rng.choices(SATISFACTION, SATISFACTION_WEIGHTS)[0]
    return row


def _chat(rng, n, at, agent, phone, channel, ticket=None):
    wait = int(rng.expovariate(1 / (5 + 15 * _peak_factor(at.hour))))
    if rng.random() < 0.06 and not ticket:
        return {"source": SOURCE_CHATS, "external_id": n, "channel": channel, "queue": "在线客服",
                "offered_at": at, "wait_seconds": wait, "visitor": f"v{n[-6:]}"}
    answered = at + timedelta(seconds=wait)
    messages, t = [], answered
    for turn in range(rng.randint(2, 5)):
        t += timedelta(seconds=rng.randint(5, 60))
        messages.append({"at": t, "side": "visitor", "text": rng.choice(VISITOR_LINES)})
        t += timedelta(seconds=int(rng.expovariate(1 / (15 + 20 * _peak_factor(at.hour)))) + 3)
        messages.append({"at": t, "side": "agent", "text": AGENT_LINES[min(turn, len(AGENT_LINES) - 1)]})
    row = {"source": SOURCE_CHATS, "external_id": n, "channel": channel, "queue": "在线客服", "agent": agent,
           "customer_phone": phone, "visitor": f"v{n[-6:]}", "offered_at": at, "answered_at": answered,
           "ended_at": t, "wait_seconds": wait, "talk_seconds": int((t - answered).total_seconds()),
           "wrap_seconds": rng.randint(5, 40), "messages": messages, "ticket": ticket or ""}
    if rng.random() < 0.5:
        row["satisfaction"] = rng.choices(SATISFACTION, SATISFACTION_WEIGHTS)[0]
    return row


def _rows(ctx, agents, phones, tickets):
    zone = ZoneInfo(settings.TIME_ZONE)
    today = ctx.now.astimezone(zone).date()
    hours, hour_weights = list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values())
    names = [a.username for a in agents]
    for offset in range(DAYS, 0, -1):
        day = today - timedelta(days=offset)
        rng = random.Random(f"{ctx.rng_seed}:contacts:{day}")
        volume = PER_AGENT_PER_DAY * len(agents) * (0.7 if day.weekday() >= 5 else 1.0)
        for i in range(int(volume)):
            hour = rng.choices(hours, hour_weights)[0]
            at = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=zone)
            n = f"{day:%Y%m%d}-{i:05d}"
            phone = rng.choice(phones) if phones and rng.random() < 0.6 else ""
            if rng.random() < 0.7:
                yield _call(rng, f"c{n}", at, rng.choice(names), phone)
            else:
                yield _chat(rng, f"s{n}", at, rng.choice(names), phone, rng.choice(["webchat", "wechat"]))
    rng = random.Random(f"{ctx.rng_seed}:contacts:tickets")
    for number, channel, created_at, creator, phone in tickets:
        agent = creator if creator in names else rng.choice(names)
        # In local time: the peak factors are by the center's local hour.
        at = (created_at - timedelta(seconds=rng.randint(60, 600))).astimezone(zone)
        if channel == Channel.HOTLINE:
            yield _call(rng, f"t{number}", at, agent, phone, ticket=number)
        else:
            yield _chat(rng, f"t{number}", at, agent, phone, channel, ticket=number)


def run(ctx) -> None:
    if ContactRecord.objects.filter(source__in=[SOURCE_CALLS, SOURCE_CHATS]).exists():
        print("  contacts: demo contacts already there, nothing to add")
        return
    agents = ctx.data.get("agents") or list(
        get_user_model().objects.filter(profile__role=Role.AGENT, is_active=True).order_by("username"))
    if not agents:
        print("  contacts: no agents, skipped")
        return
    started = time.monotonic()
    phones = list(Customer.objects.order_by("id").values_list("phone", flat=True)[:2000])
    since = ctx.now - timedelta(days=DAYS)
    tickets = list(Ticket.objects.filter(created_at__gte=since, channel__in=[
        Channel.HOTLINE, Channel.WEBCHAT, Channel.WECHAT]).order_by("id").values_list(
        "number", "channel", "created_at", "created_by__username", "customer__phone"))
    result = contacts_import(rows=_rows(ctx, agents, phones, tickets), actor=None, system=True, now=ctx.now)
    print(f"  contacts: {result.created} records ({len(tickets)} linked to tickets) "
          f"in {time.monotonic() - started:.1f} s")

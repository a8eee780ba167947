"""Demo internal agreements: 商品部 ↔ 客服中心 and 物流部 ↔ 客服中心, both active for
the demo year and signed by both heads, with indicators for each side, a 双十一
(November) campaign target and ¥1,000 penalty clauses on both sides; plus 技术运维部 ↔
客服中心 submitted and signed by the center, awaiting the tech/ops head. Written
through the agreement services; idempotent (an agreement whose number exists is
left alone).

Puts into `ctx.data`: "agreements" {department code: AgreementVersion}.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from sla.kernel_calendars import department_calendar
from sla.models import AgreementVersion
from sla.services.agreements import (
    agreement_create_draft,
    agreement_sign,
    agreement_submit,
    indicator_add,
    indicator_override_add,
    penalty_add,
    service_item_add,
)
from tickets.models import Category, Department

from . import DemoContext

PURPOSE = "为配合、保障业务正常运行，提升用户体验，明确双方在客户问题处理中的服务标准、责任与考核方式。"
PREREQUISITES = (
    "1. 甲方在活动上线前至少3个工作日向乙方提供活动规则、商品信息及常见问题口径；\n"
    "2. 甲方指定接口人，并保证在服务时间内可联系；\n"
    "3. 系统、物流等外部原因导致的延误，经双方确认后不计入考核。"
)
REPORTING = (
    "1. 乙方每日通报前一日转派工单及超时情况；\n"
    "2. 乙方每月5个工作日内出具上月服务水平报告，双方确认后作为考核依据；\n"
    "3. 每季度召开一次服务质量复盘会。"
)
DUTIES_A = (
    "1. 甲方有权按本协议获得乙方提供的服务，并对服务质量提出改进意见；\n"
    "2. 甲方须在约定时限内答复乙方转派的问题，因甲方原因造成的延误由甲方承担责任；\n"
    "3. 甲方须及时通报可能引发集中咨询或投诉的业务变更。"
)
DUTIES_B = (
    "1. 乙方按本协议约定的服务时间、渠道和标准为顾客提供服务；\n"
    "2. 乙方如实记录工单并按时转派、跟进和回访，因乙方原因造成的延误由乙方承担责任；\n"
    "3. 乙方有权对甲方超时未答复的问题发起升级。"
)

# (name, metric, comparator, target, unit, period, party, description)
COMMON_INDICATORS = [
    ("部门回复及时率", "department_reply_timeliness", ">=", "95", "%", "month", "A",
     "转派工单在4个工作小时内答复的比例"),
    ("投诉解决及时率", "resolution_compliance", ">=", "90", "%", "month", "A", "投诉在约定时限内解决的比例"),
    ("首次响应达标率", "first_response_compliance", ">=", "98", "%", "month", "B", "工单在约定时限内首次响应的比例"),
    ("客户满意度", "csat", ">=", "90", "%", "month", "B", "回访满意及以上的比例"),
    ("渠道服务投诉率", "channel_complaints_per_orders", "<=", "0.04", "%", "month", "B",
     "顾客拨打400或在线发起的服务类投诉数占订单数的比例"),
    ("重大事件数", "major_incidents", "<=", "0", "件", "quarter", "B", "媒体曝光等因服务引起的重大投诉事件"),
]
# Campaign month (双十一): indicator name → November target.
NOVEMBER_TARGETS = {"部门回复及时率": "90", "渠道服务投诉率": "0.06"}

# (party, violation, description)
PENALTIES = [
    ("A", "missed_indicator", "甲方负责的指标当期未达标，每项处罚直接责任人1000元"),
    ("A", "breached_reply", "转派工单超时未答复，每单处罚直接责任人1000元"),
    ("B", "missed_indicator", "乙方负责的指标当期未达标，每项处罚直接责任人1000元"),
    ("B", "major_incident", "因服务原因引发重大事件，每件处罚直接责任人1000元"),
    ("A", "confirmed_finding", "经确认的投诉问责（部门确认、经理维持或逾期未答复）归属甲方，每件罚直接责任人1000元"),
    ("B", "confirmed_finding", "经确认的投诉问责归属乙方，每件处罚直接责任人1000元"),
]

# code → (number, title, scope, service items [(title, category code)], active?)
AGREEMENTS = {
    "merchandise": ("SLA-DEMO-MER", "商品部与客服中心内部服务水平协议",
                    "商品咨询、商品质量、发错货、缺货及促销活动相关的咨询与投诉。", [
        ("顾客购买咨询：产品、活动咨询", None),
        ("商品质量问题反馈与处理", "quality"),
        ("发错货沟通与补发", "wrong-item"),
        ("缺货与订单取消处理", "out-of-stock"),
    ], True),
    "logistics": ("SLA-DEMO-LOG", "物流部与客服中心内部服务水平协议",
                  "物流催件、丢件、破损、配送延误及地址修改相关的咨询与投诉。", [
        ("物流催件与配送延误处理", "late-delivery"),
        ("丢件核实与补发", "lost-parcel"),
        ("商品破损处理", "damaged-parcel"),
        ("收货地址修改", "address-change"),
    ], True),
    "techops": ("SLA-DEMO-TEC", "技术运维部与客服中心内部服务水平协议", "APP、支付及登录等系统异常相关的咨询与投诉。", [
        ("APP闪退排查", "app-crash"),
        ("支付失败核查", "payment-failure"),
        ("登录问题处理", "login"),
    ], False),
}


def _user(ctx, username):
    users = ctx.data.get("users") or {}
    return users.get(username) or get_user_model().objects.get(username=username)


def _create(ctx, code, spec, center, manager, now):
    number, title, scope, items, _active = spec
    client = Department.objects.get(code=code)
    year = timezone.localdate(now).year
    version = agreement_create_draft(
        actor=manager, code=number, title=title, client_departments=[client], provider=center, purpose=PURPOSE,
        scope=scope, effective_from=date(year, 1, 1), effective_to=date(year, 12, 31),
        calendar=department_calendar(center), channels=["hotline", "webchat", "wechat"],
        prerequisites=PREREQUISITES, reporting=REPORTING, duties_a=DUTIES_A, duties_b=DUTIES_B, now=now,
    )
    categories = {c.code: c for c in Category.objects.all()}
    for item_title, category in items:
        service_item_add(version=version, actor=manager, title=item_title, category=categories.get(category), now=now)
    for name, metric, comparator, target, unit, period, party, description in COMMON_INDICATORS:
        indicator = indicator_add(version=version, actor=manager, name=name, metric=metric, comparator=comparator,
                                  target=Decimal(target), unit=unit, period=period, responsible_party=party,
                                  description=description, now=now)
        if name in NOVEMBER_TARGETS:
            indicator_override_add(indicator=indicator, actor=manager, period_start=date(year, 11, 1),
                                   target=Decimal(NOVEMBER_TARGETS[name]),
                                   reason="双十一大促月，双方协商调整当月指标", agreed_by=[_user(ctx, f"{code}_head")],
                                   now=now)
    for party, violation, description in PENALTIES:
        penalty_add(version=version, actor=manager, party=party, violation=violation, amount=Decimal("1000.00"),
                    description=description, now=now)
    return version


def run(ctx: DemoContext) -> None:
    now = ctx.now
    center = Department.objects.get(kind=Department.Kind.SERVICE_CENTER, code="service-center")
    manager = _user(ctx, "manager1")
    versions = {}
    for code, spec in AGREEMENTS.items():
        existing = AgreementVersion.objects.filter(agreement__code=spec[0]).order_by("-number").first()
        if existing is None:
            existing = _create(ctx, code, spec, center, manager, now)
            agreement_submit(version=existing, actor=manager, now=now)
            agreement_sign(version=existing, actor=manager, department=center, now=now)
            if spec[4]:
                agreement_sign(version=existing, actor=_user(ctx, f"{code}_head"), now=now)
            existing.refresh_from_db()
        versions[code] = existing
    ctx.data["agreements"] = versions
    summary = ", ".join(f"{v.agreement.code} {v.get_status_display()}" for v in versions.values())
    print(f"  agreements: {summary}")

"""Demo root causes, accountability and improvement actions.

`finding_for` is called by the complaint step before a complaint closes (a complaint
closes only with its finding): the root cause follows the complaint type, the
responsible department its usual department, sometimes a directly responsible person.
`run` then gives the departments' answers — confirmed, disputed and decided by the
manager (upheld or overturned), lapsed past the deadline, and recent ones still
awaiting the head — and improvement actions to the departments in every state.

Deterministic (seeded generators of its own, so the complaint story is unchanged) and
idempotent: answered findings are skipped, improvement actions are created once."""

import random
from datetime import timedelta

from complaints.models import ComplaintFinding, FindingStatus, ImprovementAction, RootCause
from complaints.services.accountability import (
    finding_confirm,
    finding_decide,
    finding_dispute,
    finding_record,
    findings_lapse,
)
from complaints.services.improvements import (
    improvement_answer,
    improvement_complete,
    improvement_propose,
    improvement_verify,
)

# Top-level category code → ((weight, root cause code, note), …), department code or None (the leaf's).
CAUSES = {
    "logistics": ((8, "logistics", "承运商中转站爆仓，包裹滞留两天未转运"),
                  (2, "third_party", "第三方快递网点人员不足，派送延误")),
    "merchandise": ((6, "product_quality", "同批次商品质检抽样比例不足，瑕疵品流入仓库"),
                    (3, "process_flaw", "仓库拣货未二次核对颜色和尺码"),
                    (1, "misunderstanding", "商品详情页尺码说明不清，客户理解有误")),
    "tech": ((10, "system_fault", "支付回调接口超时，订单状态未同步"),),
    "order-change": ((10, "process_flaw", "订单改址需人工转单，交接遗漏"),),
    "service-attitude": ((10, "staff_attitude", "坐席未按话术规范解释，语气生硬"),),
    "refund": ((5, "process_flaw", "退款审核需财务复核，积压超过时限"),
               (5, "policy", "退款政策规定原路退回需7个工作日，未提前告知客户")),
}
DEPARTMENT_OF = {"service-attitude": "service-center"}

DISPUTES = ["延误系承运商原因，已在合同中约定由承运商承担，不应计入我部门",
            "该批次商品出库前已按标准抽检，破损发生在运输途中",
            "退款已按流程在时限内提交银行，到账延迟属银行处理时间"]
DECISIONS = {True: "经核对出库记录和签收时间，责任在该部门，维持认定",
             False: "承运商合同条款明确，改由第三方原因承担，撤销对部门的认定"}

# (department code, category code or None, root cause code, suggestion, days due after the start, state)
IMPROVEMENTS = [
    ("logistics", "late-delivery", "logistics", "大促期间对爆仓中转站启用备用承运商，并每日通报滞留件清单",
     30, "verified"),
    ("merchandise", "quality", "product_quality", "对投诉集中的供应商批次提高入库抽检比例至10%，并建立退货追溯",
     40, "done"),
    ("techops", "payment-failure", "system_fault", "支付回调增加重试与对账任务，扣款未生成订单的情况30分钟内自动处理",
     25, "accepted"),
    ("finance", "refund-delay", "process_flaw", "退款复核改为每日两批次处理，超过48小时未复核的自动提醒财务主管",
     20, "rejected"),
    ("logistics", "address-change", "process_flaw", "订单改址改为系统直连仓库，取消人工转单环节",
     10, "overdue"),
    ("marketing", None, "policy", "促销活动规则页增加赠品发放时间说明，活动上线前由客服中心审阅话术",
     45, "proposed"),
]
LATEST = timedelta(hours=1)  # the demo's last moves happen this long before its "now"
REJECT_REASON = "退款复核涉及资金安全，需保留人工复核；改为增加复核人手，下月评估"


def _top(category):
    while category.parent_id is not None:
        category = category.parent
    return category


def finding_for(*, ctx, i: int, complaint, handler, now) -> ComplaintFinding | None:
    """Record the complaint's root cause (by its handler), unless it has one."""
    if ComplaintFinding.objects.filter(complaint=complaint).exists():
        return None
    rng = random.Random(ctx.rng_seed * 104729 + i)
    category = complaint.ticket.category
    top = _top(category) if category else None
    causes = CAUSES.get(top.code if top else "", CAUSES["order-change"])
    _weight, code, note = rng.choices(causes, weights=[c[0] for c in causes])[0]
    departments, users = ctx.data["departments"], ctx.data["users"]
    department_code = DEPARTMENT_OF.get(top.code if top else "")
    if department_code is None:
        department = category.default_department if category and category.default_department_id else None
        department_code = department.code if department else "merchandise"
    department = departments[department_code]
    person = None
    if department_code == "service-center":
        person = handler if code == "staff_attitude" else None
    elif rng.random() < 0.4:
        person = users.get(f"{department_code}_staff")
    return finding_record(actor=handler, complaint=complaint, root_cause=RootCause.objects.get(code=code),
                          responsible_department=department, responsible_person=person, note=note, now=now)


def _answer_findings(ctx) -> None:
    users = ctx.data["users"]
    manager = users["manager1"]
    cutoff = ctx.now - LATEST  # every event before the seed's "now"
    for finding in (ComplaintFinding.objects.filter(status=FindingStatus.PENDING, respond_by__lte=cutoff)
                    .select_related("responsible_department", "complaint__ticket").order_by("pk")):
        rng = random.Random(ctx.rng_seed * 15485863 + finding.pk)
        head = users.get(f"{finding.responsible_department.code}_head")  # the service center has none: lapses
        roll = rng.random()
        if head is None or roll < 0.2:
            continue  # no answer: lapses below
        at = min(finding.recorded_at + timedelta(hours=rng.randint(2, 60)), finding.respond_by - LATEST)
        if roll < 0.8:
            finding_confirm(actor=head, finding=finding, now=at)
            continue
        finding = finding_dispute(actor=head, finding=finding, reason=rng.choice(DISPUTES), now=at)
        if roll < 0.95:
            uphold = rng.random() < 0.6
            finding_decide(actor=manager, finding=finding, uphold=uphold, reason=DECISIONS[uphold],
                           now=min(at + timedelta(hours=rng.randint(3, 30)), cutoff))
    findings_lapse(now=cutoff)  # the rest stand (the beat lapses later ones)


def _improvements(ctx) -> None:
    if ImprovementAction.objects.exists():
        return
    users, departments, categories = ctx.data["users"], ctx.data["departments"], ctx.data["categories"]
    lead, manager = users["lead1"], users["manager1"]
    for n, (code, category, cause, suggestion, days, state) in enumerate(IMPROVEMENTS):
        start = ctx.now - timedelta(days=50 - n * 4) if state in ("verified", "done", "overdue") else (
            ctx.now - timedelta(days=3 + n))
        department = departments[code]
        head = department.head or users.get(f"{code}_head")
        action = improvement_propose(actor=manager if n % 2 else lead, department=department, suggestion=suggestion,
                                     due_at=start + timedelta(days=days), now=start,
                                     category=categories.get(category) if category else None,
                                     root_cause=RootCause.objects.get(code=cause))
        if state == "proposed":
            continue
        if state == "rejected":
            improvement_answer(actor=head, action=action, accept=False, reason=REJECT_REASON,
                               now=start + timedelta(days=2))
            continue
        improvement_answer(actor=head, action=action, accept=True, now=start + timedelta(days=1))
        if state in ("accepted", "overdue"):
            continue
        improvement_complete(actor=head, action=action, now=start + timedelta(days=days - 5))
        if state == "verified":
            improvement_verify(actor=lead, action=action, now=ctx.now - timedelta(days=1))



def run(ctx) -> None:
    _answer_findings(ctx)
    _improvements(ctx)
    from complaints.services.improvements import improvements_escalate

    improvements_escalate(now=ctx.now - LATEST)
    counts = {s: ComplaintFinding.objects.filter(status=s).count() for s in FindingStatus.values}
    print(f"  accountability: findings {counts}, {ImprovementAction.objects.count()} improvement actions")

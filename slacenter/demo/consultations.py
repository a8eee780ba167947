"""Demo joint consultations (联合会诊) on two hard complaints still in handling: one
open (logistics and merchandise convened yesterday, merchandise has answered,
logistics' reply clock still runs to the deadline in three days) and one concluded (three
departments convened, two answered, the lead named the owning department, the
cause and the action plan). A consultation reply policy gives the departments' clocks
their escalation ladder. Through the services; idempotent (skipped when any
consultation exists)."""

from datetime import timedelta

from complaints.models import Complaint, ComplaintStage, Consultation
from complaints.services.consultations import consultation_answer, consultation_conclude, consultation_convene
from sla.models import EscalationRule, SlaPolicy
from sla.services.policies import escalation_rule_set, policy_create

POLICY = {"name": "联合会诊答复", "name_en": "Joint consultation reply", "metric": "consultation_reply",
          # The consultation's own deadline is the target; this one is only the policy's required default.
          "target_days": 2}


def _policy(ctx) -> None:
    if SlaPolicy.objects.filter(name=POLICY["name"]).exists():
        return
    policy = policy_create(actor=None, system=True, now=ctx.now, recompute=False, **POLICY)
    escalation_rule_set(actor=None, system=True, policy=policy, level=1, percent=75,
                        notify=["department_head", "department_staff"], now=ctx.now, recompute=False)
    escalation_rule_set(actor=None, system=True, policy=policy, level=2, percent=100,
                        notify=["department_head", "team_leads"], urgency=EscalationRule.Urgency.URGENT,
                        now=ctx.now, recompute=False)


def _hard_complaints(since):
    """Complaints still in handling, taken in before `since`, oldest first."""
    return (Complaint.objects.filter(stage=ComplaintStage.HANDLING, created_at__lt=since,
                                     ticket__assignee__isnull=False)
            .select_related("ticket").order_by("created_at", "pk"))


def run(ctx) -> None:
    _policy(ctx)
    if Consultation.objects.exists():
        print("  consultations: already there, nothing to add")
        return
    users, departments = ctx.data["users"], ctx.data["departments"]
    lead = users["lead1"]
    hard = list(_hard_complaints(ctx.now - timedelta(days=5, hours=1))[:2])
    if len(hard) < 2:
        print("  consultations: no complaint in handling old enough, none made")
        return
    logistics, merchandise, finance = departments["logistics"], departments["merchandise"], departments["finance"]

    # Concluded: convened five days ago with four days to answer (working days whatever
    # the weekday), concluded an hour after the deadline.
    t = ctx.now - timedelta(days=5)
    done = consultation_convene(
        actor=lead, ticket=hard[0].ticket, departments=[logistics, merchandise, finance], now=t,
        question="客户同一订单先后三次投诉：包裹破损、补发延误、退款未到账。请各部门核查本部门环节，"
                 "说明问题出在哪里。",
        deadline=t + timedelta(days=4))
    invites = {i.department_id: i for i in done.invites.all()}
    consultation_answer(actor=users["logistics_staff"], invite=invites[logistics.pk], now=t + timedelta(hours=5),
                        findings="补发件在华东中转站滞留 36 小时，原因是中转站当周爆仓，未按加急件优先转运。")
    consultation_answer(actor=users["finance_staff"], invite=invites[finance.pk], now=t + timedelta(hours=20),
                        findings="退款已于次日原路退回，银行处理需 3–5 个工作日，财务环节无延误。")
    consultation_conclude(
        actor=lead, consultation=done, owning_department=logistics, now=t + timedelta(days=4, hours=1),
        cause="中转站爆仓时加急补发件未单独分拣，导致二次延误；商品部未答复，按物流环节定责。",
        action_plan="物流部本周内与承运商约定加急件单独分拣通道；客服中心对补发件加挂“加急”标识；两周后复盘。")

    # Open: convened yesterday, deadline in three days (past a weekend); merchandise has answered.
    t = ctx.now - timedelta(days=1)
    open_one = consultation_convene(
        actor=lead, ticket=hard[1].ticket, departments=[logistics, merchandise], now=t,
        question="同一型号商品本月第三次因“外包装完好、内件破损”被投诉。是包装方案问题还是运输环节问题？",
        deadline=ctx.now + timedelta(days=3))
    invite = open_one.invites.get(department=merchandise)
    consultation_answer(actor=users["merchandise_staff"], invite=invite, now=t + timedelta(hours=3),
                        findings="该型号内衬为单层珍珠棉，供应商本月更换了规格，抗压不足；已要求恢复双层内衬。")
    print("  consultations: 1 open, 1 concluded")

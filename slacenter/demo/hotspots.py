"""Demo data for the hotspot and conformance pages: tags on the demo complaints
(product, campaign and warehouse, from the title's words; a warehouse backlog only in
the last ten days, so the current week and month show a riser), and for about half of
the loops closed without the customer's acceptance (unreachable, closed by the
manager) the record that the customer was told of further recourse (12315).

Through the services (`complaint_tags_set`, `complaint_recourse_record`) with `now=`
in the past; deterministic and idempotent (a complaint with tags, or with recourse
recorded, is left alone)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from complaints.models import CallbackStatus, Complaint, ComplaintStage
from complaints.services.conformance import complaint_recourse_record
from complaints.services.tags import complaint_tags_set
from tickets import hooks

TAG_RULES = [
    (("快递", "包裹", "送达", "签收"), "顺丰华东线路"),
    (("破损", "颜色", "尺码", "赠品"), "双十一大促"),
    (("退款", "扣款", "发票"), "支付与退款"),
    (("APP", "积分"), "APP 6.2 版本"),
    (("回电", "承诺"), "服务承诺"),
]
BACKLOG_TAG, BACKLOG_DAYS = "华东仓爆仓", 10
RECOURSE = "已告知客户可拨打12315消费者投诉热线或向市场监管部门反映"


def _tags_for(complaint: Complaint, now) -> list[str]:
    title = complaint.ticket.title
    tags = [tag for words, tag in TAG_RULES if any(w in title for w in words)]
    if "顺丰华东线路" in tags and complaint.created_at >= now - timedelta(days=BACKLOG_DAYS):
        tags.append(BACKLOG_TAG)
    return tags


def run(ctx) -> None:
    now = ctx.now
    agent = get_user_model().objects.filter(username="agent1").first()
    if agent is None:
        return
    tagged = told = 0
    with transaction.atomic(), hooks.coalesced():
        untagged = Complaint.objects.filter(tags__isnull=True).select_related("ticket").order_by("pk")
        for complaint in untagged:
            tags = _tags_for(complaint, now)
            if tags:
                complaint_tags_set(actor=agent, complaint=complaint, tags=tags, now=complaint.created_at)
                tagged += 1
        closed = (Complaint.objects.filter(stage=ComplaintStage.CLOSED, recourse_told_at__isnull=True)
                  .select_related("ticket").order_by("pk"))
        for complaint in closed:
            task = complaint.callbacks.order_by("-created_at", "-id").first()
            accepted = task is not None and task.status in (CallbackStatus.REACHED, CallbackStatus.SURVEYED) \
                and task.satisfied
            if accepted or complaint.pk % 2 or complaint.closed_at is None \
                    or complaint.closed_at + timedelta(hours=1) > now:  # the log stays in the past
                continue
            complaint_recourse_record(actor=agent, complaint=complaint, note=RECOURSE,
                                      now=complaint.closed_at + timedelta(minutes=1))
            told += 1
        asked = _transfers(agent, now)
    print(f"  hotspots: {tagged} complaints tagged, further recourse recorded on {told}, {asked} open complaints "
          "transferred to the department that usually fixes them")


def _transfers(agent, now) -> int:
    """Two in three open complaints (not resolved, never transferred) go to the
    department that usually fixes their category, ten minutes after their last event,
    so each department head finds their department's complaints on the hotspot and
    conformance pages."""
    from tickets.models import TicketEvent, TicketStatus
    from tickets.services import transfer_create

    asked = 0
    open_ones = (Complaint.objects.filter(stage__in=(ComplaintStage.RECEIVED, ComplaintStage.ACKNOWLEDGED,
                                                     ComplaintStage.HANDLING),
                                          ticket__status__in=(TicketStatus.NEW, TicketStatus.IN_PROGRESS),
                                          ticket__transfers__isnull=True,
                                          ticket__category__default_department__isnull=False)
                 .select_related("ticket__category__default_department", "ticket__assignee").order_by("pk"))
    for complaint in open_ones:
        if complaint.pk % 3 == 0:
            continue
        last = TicketEvent.objects.filter(ticket_id=complaint.ticket_id).order_by("-at").values_list("at", flat=True)
        at = last.first() + timedelta(minutes=10)
        if at > now - timedelta(hours=1):  # the log stays in the past
            continue
        ticket = complaint.ticket
        transfer_create(ticket=ticket, actor=ticket.assignee or agent, department=ticket.category.default_department,
                        question=f"请核实并答复客户投诉：{ticket.title}", now=at)
        asked += 1
    return asked

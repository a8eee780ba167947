"""Knowledge fixtures: the refund/logistics category tree, an editor (team lead), a
small set of Chinese articles written through the services, and a refund ticket."""

from datetime import UTC, datetime

import pytest

from knowledge.models import ArticleStatus
from knowledge.services import article_create
from tests.factories import CategoryFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_create

NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


@pytest.fixture
def qa_user(center):
    return make_staff(Role.QA_SPECIALIST, center, username="qa")


@pytest.fixture
def tree(db):
    refund = CategoryFactory(code="refund", name="退款与财务", name_en="Refund")
    logistics = CategoryFactory(code="logistics", name="物流配送", name_en="Logistics")
    return {
        "refund": refund,
        "refund-delay": CategoryFactory(code="refund-delay", name="退款延迟", name_en="Refund delay", parent=refund),
        "invoice": CategoryFactory(code="invoice", name="发票问题", name_en="Invoice", parent=refund),
        "logistics": logistics,
        "late": CategoryFactory(code="late", name="配送延误", name_en="Late delivery", parent=logistics),
    }


def write(editor, title, body, categories=(), tags=(), status=ArticleStatus.PUBLISHED, now=NOW):
    return article_create(actor=editor, title=title, body=body, status=status, categories=list(categories),
                          tags=list(tags), now=now)


@pytest.fixture
def articles(lead, tree):
    """Five published articles and one draft, by the team lead."""
    return {
        "refund_time": write(lead, "退款到账时间说明", "退款审核通过后按原支付渠道退回，微信支付宝 1-3 个工作日到账。",
                             [tree["refund-delay"]], ["退款", "到账时效"]),
        "refund_check": write(lead, "退款超时未到账的核查步骤", "退款中超过 3 个工作日的，转派财务部核查打款。",
                              [tree["refund-delay"]], ["退款"]),
        "invoice": write(lead, "电子发票开具与重开流程", "订单完成后可申请电子普通发票，信息有误的作废后重开。",
                         [tree["invoice"]], ["发票"]),
        "late": write(lead, "物流超过72小时未更新的处理", "物流信息超过 72 小时未更新，转派物流部催件，并向客户致歉。",
                      [tree["late"]], ["物流"]),
        "membership": write(lead, "会员等级与权益说明", "会员等级按近 12 个月消费金额确定，金卡会员享专属客服。",
                            [], ["会员"]),
        "draft": write(lead, "批量投诉预警（草稿）", "同一问题 1 小时内投诉超过 10 单，上报经理。", [tree["late"]],
                       status=ArticleStatus.DRAFT),
    }


@pytest.fixture
def refund_ticket(agent, customer, tree):
    return ticket_create(actor=agent, customer=customer, title="退款一周了还没到账", channel="hotline",
                         category=tree["refund-delay"], assignee=agent,
                         description="客户说申请退款已经 7 天，银行卡还没有收到钱。")

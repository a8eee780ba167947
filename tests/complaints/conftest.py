"""Fixtures of the complaint loop: the finance head at the top of the authority
chain, the default chain, seat groups and a helper taking in a complaint."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints.defaults import install_default_chain
from complaints.services import complaint_create, seat_group_create
from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, make_staff
from tickets.models import Role

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=SH)  # a Tuesday, working hours


@pytest.fixture
def finance(db):
    return DepartmentFactory(code="finance", name="财务部", name_en="Finance")


@pytest.fixture
def finance_head(finance):
    head = make_staff(Role.DEPT_HEAD, finance, username="finance_head")
    finance.head = head
    finance.save(update_fields=["head"])
    return head


@pytest.fixture
def chain(finance, finance_head):
    install_default_chain(finance)


@pytest.fixture
def vip_customer(db):
    return CustomerFactory(name="李四", phone="13900001111", tier="vip", email="lisi@example.com")


@pytest.fixture
def make_complaint(agent, category, customer):
    def make(*, actor=None, customer=customer, category=category, now=T0, **kwargs):
        kwargs.setdefault("title", "快递延误三天")
        kwargs.setdefault("desired_remedy", "赔偿运费")
        kwargs.setdefault("channel", "hotline")
        return complaint_create(actor=actor or agent, customer=customer, category=category, now=now, **kwargs)

    return make


@pytest.fixture
def groups(lead, agent, other_agent, category):
    vip_agent = make_staff(Role.AGENT, None, username="vip_agent")
    pool_agent = make_staff(Role.AGENT, None, username="pool_agent")
    other_category = CategoryFactory(code="quality", name="质量问题")
    delivery = seat_group_create(actor=lead, name="物流专席", code="delivery", categories=[category],
                                 members=[agent, other_agent])
    quality = seat_group_create(actor=lead, name="质量专席", code="quality", categories=[other_category],
                                members=[other_agent])
    vip = seat_group_create(actor=lead, name="VIP专席", code="vip", is_vip=True, members=[vip_agent])
    pool = seat_group_create(actor=lead, name="公共池", code="pool", is_pool=True, members=[pool_agent])
    return {"delivery": delivery, "quality": quality, "vip": vip, "pool": pool, "vip_agent": vip_agent,
            "pool_agent": pool_agent, "other_category": other_category}

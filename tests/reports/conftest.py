"""The seed's sample agreement (物流部 ↔ 客服中心, the indicators, campaign targets and
¥1,000 penalty clauses of `slacenter.demo.agreements`) and a hand-made month of
clocks, so every figure of the close can be computed by hand."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sla.models import Breach, CalendarVersion, ServiceCalendar, TicketClock
from sla.services.agreements import (
    agreement_create_draft,
    agreement_sign,
    agreement_submit,
    indicator_add,
    indicator_override_add,
    penalty_add,
    service_item_add,
)
from slacenter.demo.agreements import COMMON_INDICATORS, NOVEMBER_TARGETS, PENALTIES
from tests.factories import CategoryFactory, TicketFactory, make_staff
from tickets.models import Role

SH = ZoneInfo("Asia/Shanghai")
SIGNED = datetime(2025, 12, 20, 10, 0, tzinfo=SH)
# Closing March 2026 on the 1st of April at 02:00, as beat does.
CLOSE_NOW = datetime(2026, 4, 1, 2, 0, tzinfo=SH)


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """The dashboards cache their month-to-date figures; each test starts empty and
    never shares a cache (ids are reused across rolled-back tests)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "reports-tests"}}
    cache.clear()


@pytest.fixture
def people(center, logistics, manager):
    head = make_staff(Role.DEPT_HEAD, logistics, username="logistics_head")
    staff = make_staff(Role.DEPT_STAFF, logistics, username="logistics_staff")
    staff2 = make_staff(Role.DEPT_STAFF, logistics, username="logistics_staff2")
    logistics.head = head
    logistics.save()
    center.head = manager
    center.save()
    return {"head": head, "staff": staff, "staff2": staff2, "manager": manager}


@pytest.fixture
def delivery(logistics):
    return CategoryFactory(code="late-delivery", name="配送延误", name_en="Late delivery",
                           default_department=logistics)


@pytest.fixture
def agreement(center, logistics, people, delivery):
    manager, head = people["manager"], people["head"]
    calendar = ServiceCalendar.objects.create(name="客服中心服务时间", department=center)
    CalendarVersion.objects.create(calendar=calendar, effective_from=date(2025, 1, 1),
                                   weekly={str(d): [["08:00", "22:00"]] for d in range(7)}, created_at=SIGNED)
    version = agreement_create_draft(
        actor=manager, code="SLA-LOG", title="物流部与客服中心内部服务水平协议", client_departments=[logistics],
        provider=center, effective_from=date(2026, 1, 1), effective_to=date(2026, 12, 31), calendar=calendar,
        channels=["hotline", "webchat", "wechat"], now=SIGNED)
    service_item_add(version=version, actor=manager, title="物流催件与配送延误处理", category=delivery, now=SIGNED)
    for name, metric, comparator, target, unit, period, party, description in COMMON_INDICATORS:
        indicator = indicator_add(version=version, actor=manager, name=name, metric=metric, comparator=comparator,
                                  target=Decimal(target), unit=unit, period=period, responsible_party=party,
                                  description=description, now=SIGNED)
        if name in NOVEMBER_TARGETS:
            indicator_override_add(indicator=indicator, actor=manager, period_start=date(2026, 11, 1),
                                   target=Decimal(NOVEMBER_TARGETS[name]), reason="双十一大促月", agreed_by=[head],
                                   now=SIGNED)
    for party, violation, description in PENALTIES:
        penalty_add(version=version, actor=manager, party=party, violation=violation, amount=Decimal("1000.00"),
                    description=description, now=SIGNED)
    agreement_submit(version=version, actor=manager, now=SIGNED)
    agreement_sign(version=version, actor=manager, now=SIGNED)
    agreement_sign(version=version, actor=head, now=SIGNED)
    version.refresh_from_db()
    assert version.status == "active"
    return version


def make_clock(*, metric, due, state, department, person=None, category, kind="inquiry", channel="hotline"):
    """A decided clock (and its breach when breached) on a new ticket of `category`."""
    ticket = TicketFactory(category=category, kind=kind, channel=channel, created_at=due - timedelta(hours=4),
                           updated_at=due)
    clock = TicketClock.objects.create(
        ticket=ticket, metric=metric, started_at=due - timedelta(hours=4), target_seconds=4 * 3600,
        due_at=due, state=state, stopped_at=(due - timedelta(hours=1)) if state == "met" else None,
        responsible_department=department, responsible_user=person, derived_at=due,
        breached_at=due if state == "breached" else None)
    if state == "breached":
        Breach.objects.create(clock=clock, ticket=ticket, metric=metric, breached_at=due, department=department,
                              person=person, recorded_at=due)
    return clock


def reply_month(*, year=2026, month, met, breached, department, people, category, day=10):
    """`met` answered and `breached` late department replies due in that month; the
    breaches alternate between the two logistics staff (the person at the due instant)."""
    clocks = []
    for i in range(met):
        clocks.append(make_clock(metric="department_reply", due=at(month, day, 10 + i % 8, year=year),
                                 state="met", department=department, person=people["staff"], category=category))
    for i in range(breached):
        person = people["staff"] if i % 2 == 0 else people["staff2"]
        clocks.append(make_clock(metric="department_reply", due=at(month, day + 1, 10 + i, year=year),
                                 state="breached", department=department, person=person, category=category))
    return clocks


def make_finding(*, recorded, department, actor, person=None, category, root_cause="logistics", answer=None,
                 head=None, manager=None, created=None):
    """A complaint (ticket taken in at `created`, default 10 days before) with its
    accountability finding recorded at `recorded`, answered through the complaint
    loop's services: "confirm" (by `head`), "upheld" / "overturned" (disputed by
    `head`, decided by `manager`), or None (still awaiting the department)."""
    from complaints.models import Complaint, RootCause
    from complaints.services.accountability import finding_confirm, finding_decide, finding_dispute, finding_record

    created = created or recorded - timedelta(days=10)
    ticket = TicketFactory(category=category, kind="complaint", channel="email", created_at=created,
                           updated_at=recorded)
    complaint = Complaint.objects.create(ticket=ticket, desired_remedy="赔偿运费", created_at=created,
                                         updated_at=recorded)
    finding = finding_record(actor=actor, complaint=complaint, root_cause=RootCause.objects.get(code=root_cause),
                             responsible_department=department, responsible_person=person, note="分拣延误",
                             now=recorded)
    later = recorded + timedelta(hours=2)
    if answer == "confirm":
        finding = finding_confirm(actor=head, finding=finding, now=later)
    elif answer in ("upheld", "overturned"):
        finding = finding_dispute(actor=head, finding=finding, reason="承运商责任", now=later)
        finding = finding_decide(actor=manager, finding=finding, uphold=answer == "upheld", reason="核实",
                                 now=later + timedelta(hours=1))
    return finding

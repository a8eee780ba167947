"""Shared set-up for the agreement tests (imported by tests/sla/test_agreements*.py)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sla.models import CalendarVersion, ServiceCalendar
from sla.services.agreements import agreement_create_draft, agreement_sign, agreement_submit, indicator_add, penalty_add
from tests.factories import make_staff
from tickets.models import Role

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=SH)
WEEKLY = {str(d): ([["09:00", "12:00"], ["13:30", "18:00"]] if d < 5 else []) for d in range(7)}


def make_calendar():
    cal = ServiceCalendar.objects.create(name="商品部服务时间", department=None)
    CalendarVersion.objects.create(calendar=cal, effective_from=date(2026, 1, 1), weekly=WEEKLY, created_at=NOW)
    return cal


def make_head(department):
    return make_staff(Role.DEPT_HEAD, department, username=f"{department.code}_head")


def make_draft(*, actor, clients, provider, calendar, effective_from=date(2026, 4, 1), effective_to=None,
               complete=True, now=NOW, title="商品部与客服中心内部服务水平协议"):
    version = agreement_create_draft(
        actor=actor, title=title, client_departments=clients, provider=provider, purpose="保障业务正常运行",
        scope="商品相关投诉与咨询", effective_from=effective_from, effective_to=effective_to, calendar=calendar,
        channels=["hotline", "webchat"], now=now,
    )
    if complete:
        indicator_add(version=version, actor=actor, name="部门回复及时率", metric="department_reply_timeliness",
                      comparator=">=", target=Decimal("95"), unit="%", responsible_party="A", now=now)
        penalty_add(version=version, actor=actor, party="A", violation="missed_indicator", now=now)
    return version


def make_active(*, manager, head, clients, provider, calendar, now=NOW, **kwargs):
    version = make_draft(actor=manager, clients=clients, provider=provider, calendar=calendar, now=now, **kwargs)
    agreement_submit(version=version, actor=manager, now=now)
    agreement_sign(version=version, actor=head, now=now)
    agreement_sign(version=version, actor=manager, now=now)
    version.refresh_from_db()
    return version

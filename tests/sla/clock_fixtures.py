"""Shared fixtures of the clock/sweep/policy tests (imported by those test modules).

The week of Monday 2026-03-02 in Asia/Shanghai; the service center works Mon–Fri
09:00–18:00, logistics 08:00–12:00 only (so the receiving department's calendar is
visibly the one a department-reply clock runs on)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from sla.models import CalendarVersion, EscalationRule, ServiceCalendar
from sla.services.clocks import _policy_cache
from sla.services.policies import escalation_rule_set, policy_create
from tickets.services import ticket_create

SH = ZoneInfo("Asia/Shanghai")
MON = date(2026, 3, 2)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Local time on 2026-03-<day>."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SH)


def make_calendar(department, windows, name="cal"):
    cal = ServiceCalendar.objects.create(name=name, department=department, timezone="Asia/Shanghai")
    CalendarVersion.objects.create(
        calendar=cal, effective_from=date(2026, 1, 1), weekly={str(d): windows for d in range(5)},
        created_at=at(1, 0),
    )
    return cal


@pytest.fixture(autouse=True)
def _fresh_policy_cache():
    _policy_cache.update(key=None, views=[])


@pytest.fixture
def calendars(center, logistics):
    return {
        "center": make_calendar(center, [["09:00", "18:00"]], "center"),
        "logistics": make_calendar(logistics, [["08:00", "12:00"]], "logistics"),
    }


@pytest.fixture
def policies(calendars):
    """Normal: first response 2 h, resolution 2 business days (8 h here: 16 h), dept reply 4 h;
    urgent 15 min first response; VIP urgent 7 min; callback 1 business day."""
    made = {
        "fr": policy_create(actor=None, system=True,
                            name="FR normal", metric="first_response", target_minutes=120, now=at(1, 0),
                            recompute=False),
        "fr_urgent": policy_create(actor=None, system=True,
                                   name="FR urgent", metric="first_response", priority=4, target_minutes=15,
                                   now=at(1, 0), recompute=False),
        "fr_vip_urgent": policy_create(actor=None, system=True,
                                       name="FR VIP urgent", metric="first_response", priority=4, tier="vip",
                                       target_minutes=7, now=at(1, 0), recompute=False),
        "res": policy_create(actor=None, system=True,
                             name="Resolution", metric="resolution", target_minutes=16 * 60, now=at(1, 0),
                             recompute=False),
        "dept": policy_create(actor=None, system=True,
                              name="Dept reply", metric="department_reply", target_minutes=240, now=at(1, 0),
                              recompute=False),
        "cb": policy_create(actor=None, system=True,
                            name="Callback", metric="callback", target_days=1, end_of_day=True, now=at(1, 0),
                            recompute=False),
    }
    return made


def ladder(policy):
    """75 % → assignee; 100 % → team leads (urgent for VIP); +30 min → managers + department head."""
    escalation_rule_set(actor=None, system=True,
                        policy=policy, level=1, percent=75, notify=["assignee"], now=at(1, 0), recompute=False)
    escalation_rule_set(actor=None, system=True, policy=policy, level=2, percent=100, notify=["team_leads"],
                        urgency=EscalationRule.Urgency.URGENT_IF_VIP, now=at(1, 0), recompute=False)
    escalation_rule_set(actor=None, system=True, policy=policy, level=3, trigger="offset", offset_minutes=30,
                        notify=["service_managers", "department_head"], now=at(1, 0), recompute=False)


def new_ticket(agent, customer, category, when, **kw):
    return ticket_create(actor=agent, customer=customer, title="包裹未送达", channel="hotline", category=category,
                         now=when, **kw)

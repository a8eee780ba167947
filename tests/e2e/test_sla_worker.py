"""The SLA engine end to end, with a REAL Celery worker and beat (`tests/processes.py`):
a ticket is transferred to a department whose department-reply target is one business
minute on a 24×7 calendar; nobody calls the sweep from here. Beat schedules the sweep
every few seconds, the worker runs it, and by themselves arrive — in this order — the
50 % warning to the department, then at 100 % the breach (the responsible department
and its head) with the breach notice to the head and the service managers.

Runs on SQLite (the processes use a file copy of the test database made after the
setup) and on PostgreSQL + Redis in CI (the test database itself, a private queue)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from sla.models import Breach, EscalationLog, TicketClock
from sla.services.calendars import calendar_create
from sla.services.policies import escalation_rule_set, policy_create
from tests.factories import make_staff
from tests.processes import CeleryProcesses
from tickets.models import Notification, Role
from tickets.services import ticket_create, transfer_create

TARGET_MINUTES = 1
SWEEP_SECONDS = "3"
WAIT_SECONDS = 180
ALL_WEEK = {str(day): [["00:00", "24:00"]] for day in range(7)}


def as_utc(value) -> datetime:
    """A datetime column as read by raw SQL (SQLite: ISO text; PostgreSQL: aware)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@pytest.fixture
def scene(center, merchandise, agent, manager, customer, category):
    """A ticket transferred to merchandise just now, held to a 1-minute reply target."""
    now = timezone.now()
    head = make_staff(Role.DEPT_HEAD, merchandise, username="merch_head")
    staff = make_staff(Role.DEPT_STAFF, merchandise, username="merch_staff")
    merchandise.head = head
    merchandise.save(update_fields=["head"])
    start = date(now.year - 1, 1, 1)
    # 24×7 for both sides, so the test never waits for opening hours (nor do the notices).
    for dept in (center, merchandise):
        calendar_create(actor=None, system=True,
                        name=f"{dept.code} 24x7", department=dept, weekly=ALL_WEEK, effective_from=start,
                        observes_statutory_holidays=False, now=now)
    policy = policy_create(actor=None, system=True, name="Merchandise reply (test)", metric="department_reply",
                           target_minutes=TARGET_MINUTES, warn_percent=50, now=now, recompute=False)
    warn = escalation_rule_set(actor=None, system=True,
                               policy=policy, level=1, percent=50, notify=["department_head", "department_staff"],
                               now=now, recompute=False)
    breach = escalation_rule_set(actor=None, system=True,
                                 policy=policy, level=2, percent=100, notify=["department_head", "service_managers"],
                                 now=now, recompute=False)
    ticket = ticket_create(actor=agent, customer=customer, title="商品质量问题", channel="hotline",
                           category=category, assignee=agent)
    transfer = transfer_create(ticket=ticket, actor=agent, department=merchandise,
                               question="请确认该批次是否有质量问题")
    clock = TicketClock.objects.get(transfer=transfer, metric="department_reply")
    return {"ticket": ticket, "clock": clock, "head": head, "staff": staff, "manager": manager, "agent": agent,
            "warn_rule": warn, "breach_rule": breach, "department": merchandise}


@pytest.mark.django_db(transaction=True)
def test_worker_and_beat_warn_then_breach_by_themselves(tmp_path, scene):
    clock = scene["clock"]
    # The clock was derived at the transfer: running, due one business minute later.
    assert clock.state == "running"
    assert clock.due_at == clock.started_at + timedelta(minutes=TARGET_MINUTES)
    assert clock.responsible_department_id == scene["department"].pk
    assert not Breach.objects.exists() and not EscalationLog.objects.exists()

    logs_t, breach_t, notes_t = EscalationLog._meta.db_table, Breach._meta.db_table, Notification._meta.db_table

    def fired_levels():
        return [r[0] for r in procs.query(f"SELECT level FROM {logs_t} WHERE clock_id = %s ORDER BY level",  # noqa: S608
                                          (clock.pk,))]

    def breach_rows():
        return procs.query(f"SELECT breached_at, department_id, person_id, recorded_at FROM {breach_t} "  # noqa: S608
                           "WHERE clock_id = %s", (clock.pk,))

    def notices(rule):
        return procs.query(f"SELECT recipient_id, ticket_id, subject, urgent, deliver_after FROM {notes_t} "  # noqa: S608
                           "WHERE key = %s ORDER BY recipient_id", (f"sla:{clock.pk}:{rule.pk}",))

    with CeleryProcesses(tmp_path, name="sla", extra_env={"SLA_SWEEP_SECONDS": SWEEP_SECONDS}) as procs:
        # 1. The 50 % warning, before the due instant, with no breach yet.
        warned = procs.wait_for(fired_levels, timeout=WAIT_SECONDS)
        assert warned, f"no escalation within {WAIT_SECONDS} s\n{procs.logs()}"
        assert warned[0] == 1
        warning_seen_at = timezone.now()
        if warning_seen_at < clock.due_at - timedelta(seconds=int(SWEEP_SECONDS) + 2):
            assert breach_rows() == [], "breach recorded before the due instant"
        # 2. The breach, at 100 %.
        breached = procs.wait_for(breach_rows, timeout=WAIT_SECONDS)
        assert breached, f"no breach within {WAIT_SECONDS} s\n{procs.logs()}"
        assert procs.wait_for(lambda: fired_levels() == [1, 2], timeout=30), procs.logs()
        warn_notes, breach_notes = notices(scene["warn_rule"]), notices(scene["breach_rule"])
        fired_at = dict(procs.query(f"SELECT level, fired_at FROM {logs_t} WHERE clock_id = %s",  # noqa: S608
                                    (clock.pk,)))
    worker_log = procs.worker_log.read_text()

    # The worker did it (the sweep task ran there), and beat kept scheduling it.
    assert "sla.sweep" in worker_log and "succeeded" in worker_log
    # The warning fired between 50 % and the due instant; the breach level at or after it.
    half = clock.started_at + timedelta(seconds=clock.target_seconds // 2)
    assert half <= as_utc(fired_at[1]) < clock.due_at
    assert as_utc(fired_at[2]) >= clock.due_at
    # The Breach row: at the due instant (not when the sweep noticed), responsible
    # department and person (the department head) from the event log.
    (breached_at, department_id, person_id, recorded_at), = breached
    assert as_utc(breached_at) == clock.due_at
    assert as_utc(recorded_at) >= clock.due_at
    assert (department_id, person_id) == (scene["department"].pk, scene["head"].pk)
    # Notices to the right people, once each: warning → head + department staff;
    # breach → head + service managers; never the agent. Both calendars are 24×7,
    # so nothing waits for working hours.
    ticket = scene["ticket"]
    assert [n[0] for n in warn_notes] == sorted([scene["head"].pk, scene["staff"].pk])
    assert [n[0] for n in breach_notes] == sorted([scene["head"].pk, scene["manager"].pk])
    for recipient_id, ticket_id, subject, _urgent, deliver_after in warn_notes + breach_notes:
        assert recipient_id != scene["agent"].pk
        assert ticket_id == ticket.pk and ticket.number in subject
        assert as_utc(deliver_after) <= as_utc(recorded_at) + timedelta(minutes=1)
    assert warn_notes[0][2] != breach_notes[0][2]  # "at risk" vs "breached"

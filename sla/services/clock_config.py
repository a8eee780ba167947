"""What a clock recompute needs besides the ticket's own log — the active policies,
which calendar each department runs on, the calendar versions — cached in-process
and validated on every recompute by ONE small query.

`config_read(ticket_id)` returns, in one round trip: the (id, revision) of every
active policy, a fingerprint row per service calendar (id, revision, active,
department, department kind, time zone — everything `department_calendar`
decides on), the heads of the departments the ticket was transferred to, and the
escalation levels already fired on the ticket's clocks. Policies are rebuilt when
their (id, revision) set changes; the department → calendar choice is re-made
when the calendar fingerprint changes; kernel calendars come from
`sla.kernel_calendars.kernel_calendar` (its own (id, revision) cache) and the version
lists are kept per kernel-calendar object, so whatever evicts a kernel calendar
also refreshes its versions."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection

from sla import kernel_calendars
from sla.models import EscalationLog, ServiceCalendar, SlaPolicy, TicketClock
from tickets.models import Department, Transfer

from . import derivation as d

log = logging.getLogger(__name__)

_policy_cache: dict = {"key": None, "views": []}
_calendar_memo: dict = {"key": None, "by_department": {}, "by_id": {}}
_versions: dict[int, tuple[object, list]] = {}


def _calendar_rows_sql() -> str:
    cal, dept = ServiceCalendar._meta.db_table, Department._meta.db_table
    return f"""
SELECT 'c', c.id, c.revision, CAST(c.is_active AS text) || '|' || COALESCE(CAST(c.department_id AS text), '')
       || '|' || COALESCE(d.kind, '') || '|' || c.timezone
FROM {cal} c LEFT JOIN {dept} d ON d.id = c.department_id"""


def _config_sql() -> str:
    policy, dept = SlaPolicy._meta.db_table, Department._meta.db_table
    transfer, log_t, clock = Transfer._meta.db_table, EscalationLog._meta.db_table, TicketClock._meta.db_table
    # Portable SQL (PostgreSQL and SQLite): four row kinds in one result. On
    # PostgreSQL `= ANY(ARRAY(…))` makes the log lookups go through the
    # (clock, rule) index whatever the statistics say (a hash join would scan
    # the whole log).
    clocks_of_ticket = f"SELECT id FROM {clock} WHERE ticket_id = %s"
    in_clocks = (f"= ANY(ARRAY({clocks_of_ticket}))" if connection.vendor == "postgresql"
                 else f"IN ({clocks_of_ticket})")
    return f"""
SELECT 'p', id, revision, NULL FROM {policy} WHERE is_active
UNION ALL{_calendar_rows_sql()}
UNION ALL
SELECT 'h', d.id, d.head_id, NULL FROM {dept} d
WHERE d.id IN (SELECT department_id FROM {transfer} WHERE ticket_id = %s)
UNION ALL
SELECT 'f', l.clock_id, l.rule_id, NULL FROM {log_t} l WHERE l.clock_id {in_clocks}
"""


class Config:
    """One recompute's view of the configuration (see the module docstring)."""

    def __init__(self, policies: list[d.PolicyView], resolver: CalendarResolver, heads: dict, fired_by_clock: dict):
        self.policies = policies
        self.resolver = resolver
        self.heads = heads
        self.fired_by_clock = fired_by_clock


def config_read(ticket_id: int) -> Config:
    with connection.cursor() as cur:
        cur.execute(_config_sql(), [ticket_id, ticket_id])
        rows = cur.fetchall()
    policy_key, calendar_key, heads, fired = [], [], {}, {}
    for kind, a, b, c in rows:
        if kind == "p":
            policy_key.append((a, b))
        elif kind == "c":
            calendar_key.append((a, b, c))
        elif kind == "h":
            heads[a] = b
        else:
            fired.setdefault(a, set()).add(b)
    return Config(_policies(tuple(sorted(policy_key))), CalendarResolver(tuple(sorted(calendar_key))), heads, fired)


def calendar_resolver() -> CalendarResolver:
    """A resolver validated by the calendar fingerprint alone (one query)."""
    with connection.cursor() as cur:
        cur.execute(_calendar_rows_sql())
        return CalendarResolver(tuple(sorted((a, b, c) for _kind, a, b, c in cur.fetchall())))


def policy_views() -> list[d.PolicyView]:
    """The active policies as the derivation sees them (validated by one query)."""
    key = tuple(SlaPolicy.objects.filter(is_active=True).order_by("id").values_list("id", "revision"))
    return _policies(key)


def _policies(key: tuple) -> list[d.PolicyView]:
    """Cached by the set of (id, revision) pairs: every policy or rule write bumps
    the revision."""
    if _policy_cache["key"] == key:
        return _policy_cache["views"]
    views = []
    for p in SlaPolicy.objects.filter(is_active=True).prefetch_related("rules").order_by("id"):
        views.append(d.PolicyView(
            id=p.pk, revision=p.revision, metric=p.metric, criteria=p.criteria, rank=p.rank,
            target_minutes=p.target_minutes, target_days=p.target_days, end_of_day=p.end_of_day,
            pause_statuses=tuple(p.pause_statuses or ()), warn_percent=p.warn_percent, calendar_id=p.calendar_id,
            rules=tuple((r.pk, r.level, r.trigger, r.percent, r.offset_minutes)
                        for r in sorted(p.rules.all(), key=lambda r: r.level)),
        ))
    # Keyed by what was read: a policy changed between the two reads is re-read next time.
    _policy_cache.update(key=tuple((v.id, v.revision) for v in views), views=views)
    return views


class CalendarResolver:
    """Which calendar each clock runs on. The department → calendar choice is made
    by `sla.kernel_calendars.department_calendar` and remembered while the calendar
    fingerprint (read with the configuration) stays the same."""

    def __init__(self, fingerprint: tuple | None = None):
        if fingerprint is None or _calendar_memo["key"] != fingerprint:
            _calendar_memo.update(key=fingerprint, by_department={}, by_id={})
        self._by_department: dict = _calendar_memo["by_department"]
        self._by_id: dict = _calendar_memo["by_id"]

    def __call__(self, department_id, policy: d.PolicyView | None = None):
        """(calendar id, kernel calendar) of the policy's own calendar if it names one,
        else of the department's; None when there is no usable calendar."""
        try:
            if policy is not None and policy.calendar_id:
                sc = self._by_id.get(policy.calendar_id)
                if sc is None:
                    sc = self._by_id[policy.calendar_id] = ServiceCalendar.objects.get(pk=policy.calendar_id)
            else:
                sc = self._by_department.get(department_id)
                if sc is None:
                    sc = self._by_department[department_id] = kernel_calendars.department_calendar(department_id)
                    self._by_id.setdefault(sc.pk, sc)
            return sc.pk, kernel_calendars.kernel_calendar(sc)
        except (kernel_calendars.NoCalendar, ServiceCalendar.DoesNotExist, ValueError):
            log.warning("no usable calendar for department %s: SLA clock skipped", department_id)
            return None

    def version_id(self, calendar_id, when: datetime):
        sc = self._by_id.get(calendar_id)
        if sc is None:
            return None
        kernel = kernel_calendars.kernel_calendar(sc)
        hit = _versions.get(calendar_id)
        if hit is None or hit[0] is not kernel:
            hit = _versions[calendar_id] = (kernel, list(sc.versions.order_by("effective_from")))
        version = kernel_calendars.version_for_date(hit[1], kernel_calendars.local_date(sc, when))
        return version.pk if version else None

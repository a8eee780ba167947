"""Who an escalation notifies, and when the notice may be delivered.

Recipients are resolved for a whole sweep batch with a fixed number of queries.
Non-urgent notices wait for the recipient's working hours: `deliver_after` is the
next working instant of the recipient's department calendar (`sla.kernel.add(cal,
now, 0)`); urgent ones are delivered at once."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model

from sla import kernel, kernel_calendars
from tickets.models import Role, StaffProfile

from ..models import EscalationRule

R = EscalationRule.Recipient


class RecipientDirectory:
    """Role lists, department staff and each user's department, loaded once."""

    def __init__(self, department_ids=()):
        active = StaffProfile.objects.filter(user__is_active=True)
        self.team_leads = list(active.filter(role=Role.TEAM_LEAD).order_by("user_id").values_list("user_id", flat=True))
        self.managers = list(
            active.filter(role=Role.SERVICE_MANAGER).order_by("user_id").values_list("user_id", flat=True)
        )
        self.staff_by_department: dict[int, list[int]] = {}
        for user_id, dept_id in active.filter(department_id__in=set(department_ids)).values_list(
            "user_id", "department_id"
        ):
            self.staff_by_department.setdefault(dept_id, []).append(user_id)
        self._department_of: dict[int, int | None] = {}
        self._deliver: dict[int | None, datetime] = {}

    def recipients(self, kinds, *, assignee_id, department_id, head_id) -> list[int]:
        out: list[int] = []
        for kind in kinds:
            if kind == R.ASSIGNEE and assignee_id:
                out.append(assignee_id)
            elif kind == R.TEAM_LEADS:
                out.extend(self.team_leads)
            elif kind == R.SERVICE_MANAGERS:
                out.extend(self.managers)
            elif kind == R.DEPARTMENT_HEAD and head_id:
                out.append(head_id)
            elif kind == R.DEPARTMENT_STAFF and department_id:
                out.extend(self.staff_by_department.get(department_id, []))
        return list(dict.fromkeys(out))

    def load_departments(self, user_ids) -> None:
        missing = set(user_ids) - set(self._department_of)
        if missing:
            found = dict(StaffProfile.objects.filter(user_id__in=missing).values_list("user_id", "department_id"))
            for user_id in missing:
                self._department_of[user_id] = found.get(user_id)

    def deliver_after(self, user_id: int, *, urgent: bool, now: datetime) -> datetime:
        if urgent:
            return now
        dept = self._department_of.get(user_id)
        if dept not in self._deliver:
            self._deliver[dept] = next_working_instant(dept, now)
        return self._deliver[dept]


def next_working_instant(department_id, now: datetime, resolver=None) -> datetime:
    """`now` if the department is at work, else its next opening (the service center's
    calendar when it has none; `now` when there is no calendar at all). `resolver`
    (`clock_config.CalendarResolver`) saves the calendar look-ups for a batch."""
    try:
        if resolver is not None:
            found = resolver(department_id)
            return kernel.add(found[1], now, 0) if found else now
        cal = kernel_calendars.kernel_calendar(kernel_calendars.department_calendar(department_id))
        return kernel.add(cal, now, 0)
    except (kernel_calendars.NoCalendar, ValueError):
        return now


def escalation_owner(policy) -> object | None:
    """Who escalation actions are performed as: the policy's escalation owner, else the
    first active service manager (lowest id, so the choice is stable)."""
    if policy is not None and policy.escalation_owner_id and policy.escalation_owner.is_active:
        return policy.escalation_owner
    profile = (StaffProfile.objects.filter(role=Role.SERVICE_MANAGER, user__is_active=True)
               .select_related("user").order_by("user_id").first())
    return profile.user if profile else None


def first_team_lead():
    User = get_user_model()
    return User.objects.filter(profile__role=Role.TEAM_LEAD, is_active=True).order_by("pk").first()

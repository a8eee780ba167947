"""The department SLA page for heads, staff and managers: one department's open
overdue backlog (whatever its month), what is at risk now, and a chosen month's
breaches and deadlines."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sla.selectors.clocks import (
    busiest_department,
    dashboard_departments,
    dashboard_months,
    department_dashboard,
    with_overdue_counts,
)
from slacenter.converters import MAX_ID
from slacenter.inputs import parse_int
from tickets.permissions import department_of, sees_whole_center

from .display import CalendarCache, overdue_by


def _chosen_month(value: str, months: list[datetime]) -> datetime:
    """`?month=2026-10` among the picker's months; anything else is the current month."""
    return next((m for m in months if m.strftime("%Y-%m") == value), months[0])


@login_required
def department_sla_view(request):
    departments = dashboard_departments(request.user)
    if not departments.exists():
        raise Http404
    now = timezone.now()
    chosen = request.GET.get("department", "")
    if sees_whole_center(request.user):
        chosen_id = parse_int(chosen, min_value=1, max_value=MAX_ID)
        department = departments.filter(pk=chosen_id).first() if chosen_id else None
        department = department or busiest_department(departments, now=now)
    else:
        department = department_of(request.user)
    months = dashboard_months(now)
    month = _chosen_month(request.GET.get("month", ""), months)
    dashboard = department_dashboard(department, now=now, month=month)
    cache = CalendarCache()
    dashboard["overdue"] = list(dashboard["overdue"])
    for clock in dashboard["overdue"]:
        clock.overdue_text = overdue_by(due_at=clock.due_at, calendar_id=clock.calendar_id, now=now, cache=cache)
    picker = with_overdue_counts(departments, now=now).order_by("kind", "code") if sees_whole_center(
        request.user) else departments
    context = {"department": department, "departments": picker,
               "can_pick": sees_whole_center(request.user), "now": now, "months": months,
               "month": month, **dashboard}
    return render(request, "sla/clocks/department.html", context)

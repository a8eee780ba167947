"""The dashboards: a department head's own department; the service manager's choice
of any department or the center (the service center's own agreements)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sla.selectors.clocks import dashboard_departments
from slacenter.converters import MAX_ID
from slacenter.inputs import parse_int
from tickets.permissions import department_of, is_service_staff, sees_whole_center

from ..dashboard import department_summary, month_to_date, queue_health, trends


def _mtd(department, now) -> dict:
    figures = month_to_date(department, now=now)
    return {"agreements": figures["agreements"], "as_of": figures["as_of"]}


@login_required
def dashboard(request):
    departments = dashboard_departments(request.user)
    now = timezone.now()
    if not departments.exists():
        if not is_service_staff(request.user):
            raise Http404
        return render(request, "reports/queue_health.html", {"health": queue_health(request.user, now=now)})
    chosen = request.GET.get("department", "")
    if sees_whole_center(request.user):
        chosen_id = parse_int(chosen, min_value=1, max_value=MAX_ID)
        department = departments.filter(pk=chosen_id).first() if chosen_id else None
        department = department or departments.filter(kind="service_center").first() or departments.first()
    else:
        department = department_of(request.user)
    charts = trends(department, now=now)
    return render(request, "reports/dashboard.html", {
        "department": department, "departments": departments.order_by("kind", "code"),
        "can_pick": sees_whole_center(request.user), "now": now,
        **_mtd(department, now), "charts": charts,
        **department_summary(department, now=now),
        "health": queue_health(request.user, now=now) if is_service_staff(request.user) else None,
    })

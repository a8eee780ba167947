"""The department SLA page for heads, staff and managers: this month's clocks at
risk and breaches of one department."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sla.selectors.clocks import dashboard_departments, department_dashboard
from tickets.permissions import department_of, sees_whole_center


@login_required
def department_sla_view(request):
    departments = dashboard_departments(request.user)
    if not departments.exists():
        raise Http404
    chosen = request.GET.get("department", "")
    if sees_whole_center(request.user):
        department = departments.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        department = department or departments.filter(kind="business").order_by("code").first() or departments.first()
    else:
        department = department_of(request.user)
    now = timezone.now()
    context = {"department": department, "departments": departments.order_by("kind", "code"),
               "can_pick": sees_whole_center(request.user), "now": now,
               **department_dashboard(department, now=now)}
    return render(request, "sla/clocks/department.html", context)

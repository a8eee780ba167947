"""The monthly KPI report (运营汇报): the center and each department, with the
previous month and the same month a year before; every figure with its definition and
a link to the rows behind it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from sla.selectors.clocks import dashboard_departments

from ..kpi import kpi_figures
from .common import parse_month


@login_required
def kpi_report(request, month):
    day = parse_month(month)
    departments = dashboard_departments(request.user)
    if not departments.exists():
        raise Http404
    return render(request, "reports/kpi.html", {"month": day, **kpi_figures(request.user, day, departments)})

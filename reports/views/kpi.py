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


CLOCK_FIGURES = {"first_response", "resolution", "callback", "department_reply"}


@login_required
def kpi_rows(request, month, figure):
    """The rows behind one KPI figure of the month, from the caller's scoped selectors."""
    from django.core.paginator import Paginator

    from sla.selectors.clocks import breach_scope, clock_scope
    from tickets.selectors import ticket_scope

    from ..kpi import _bounds

    day = parse_month(month)
    since, until = _bounds(day)
    if figure in CLOCK_FIGURES:
        rows = clock_scope(request.user).filter(metric=figure, due_at__gte=since, due_at__lt=until,
                                                state__in=("met", "breached")).order_by("due_at", "id")
        kind = "clocks"
    elif figure in ("tickets", "complaints"):
        rows = ticket_scope(request.user).filter(created_at__gte=since, created_at__lt=until).order_by(
            "created_at", "id")
        if figure == "complaints":
            rows = rows.filter(kind="complaint")
        kind = "tickets"
    elif figure == "breaches":
        rows = breach_scope(request.user).filter(breached_at__gte=since, breached_at__lt=until).order_by(
            "breached_at", "id")
        kind = "breaches"
    else:
        raise Http404
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "reports/kpi_rows.html", {"month": day, "figure": figure, "page": page, "kind": kind})

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
    elif figure in ("findings", "major_incidents"):
        rows, kind = _complaint_rows(request, figure, since, until)
    elif figure == "breaches":
        rows = breach_scope(request.user).filter(breached_at__gte=since, breached_at__lt=until).order_by(
            "breached_at", "id")
        kind = "breaches"
    else:
        raise Http404
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(request, "reports/kpi_rows.html", {"month": day, "figure": figure, "page": page, "kind": kind,
                                                     "keep": f"{keep.urlencode()}&" if keep else ""})


def _department_filter(request):
    """The `department` query parameter: one of the departments the caller's KPI report
    shows (else 404), or None."""
    value = request.GET.get("department")
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise Http404
    department = dashboard_departments(request.user).filter(pk=int(value)).first()
    if department is None:
        raise Http404
    return department


def _complaint_rows(request, figure, since, until):
    """Findings of the month (root causes; `root_cause` code and `department` filters)
    or the major incidents behind the KPI figure, from complaints' scoped selectors."""
    from complaints.models import FindingStatus
    from complaints.selectors_accountability import finding_scope
    from complaints.selectors_incidents import incident_scope

    from ..sources.complaints import major_incident_ids

    department = _department_filter(request)
    if figure == "findings":
        rows = (finding_scope(request.user).filter(recorded_at__gte=since, recorded_at__lt=until)
                .exclude(status=FindingStatus.OVERTURNED).order_by("recorded_at", "id"))
        if department is not None:
            rows = rows.filter(responsible_department=department)
        code = request.GET.get("root_cause")
        if code:
            rows = rows.filter(root_cause__code=code[:40])
        return rows, "findings"
    departments = [department] if department is not None else list(dashboard_departments(request.user))
    ids = [pk for found in major_incident_ids(departments, since, until).values() for pk in found]
    return incident_scope(request.user).filter(pk__in=ids).order_by("confirmed_at", "id"), "incidents"

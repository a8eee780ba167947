"""GET /api/v1/reports/kpi/{month}/: the monthly KPI report (运营汇报) as data — the same
figures, definitions and scope as the page (`reports.kpi.kpi_figures`): the center's and
each visible department's figures for the month, the month before and the same month a
year before."""

from datetime import date

from django.db.models import Model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from sla.selectors.clocks import dashboard_departments
from slacenter.errors import DomainError

from ..kpi import kpi_figures


def parse_api_month(value: str) -> date:
    """`2026-03` → date(2026, 3, 1); anything else is a 400 naming the expected form."""
    try:
        if len(value) != 7:
            raise ValueError
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise DomainError(_("The month must be written YYYY-MM, e.g. 2026-03."), code="invalid_month") from None


def plain(value):
    """The report's values as JSON: a row object (department, category…) becomes its id
    and name; dates, decimals and lazy texts are left to the API's JSON encoder."""
    if isinstance(value, Model):
        row = {"id": value.pk, "name": str(value)}
        if hasattr(value, "code"):
            row["code"] = value.code
        return row
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


KpiReportSerializer = inline_serializer(
    name="KpiReport",
    fields={
        "month": serializers.DateField(),
        "columns": serializers.ListField(child=serializers.ListField(), help_text="[name, first day of the month]"),
        "figures": serializers.DictField(help_text="current / previous / last_year: the month's figures"),
        "definitions": serializers.DictField(child=serializers.CharField()),
        "root_causes": serializers.ListField(),
        "per_department": serializers.ListField(child=serializers.DictField()),
    },
)


class KpiReportView(APIView):
    """The monthly KPI report of what the caller may see: the whole center for the service
    center's leads and managers, their own department for a department head. 404 for a
    user who has no department to report on."""

    @extend_schema(
        operation_id="reports_kpi_month",
        parameters=[OpenApiParameter("month", OpenApiTypes.STR, OpenApiParameter.PATH, description="YYYY-MM")],
        responses=KpiReportSerializer,
    )
    def get(self, request, month):
        day = parse_api_month(month)
        departments = dashboard_departments(request.user)
        if not departments.exists():
            raise NotFound(_("No KPI report for you."))
        data = kpi_figures(request.user, day, departments)
        keep = ("columns", "figures", "definitions", "root_causes", "per_department")
        return Response({"month": day, **{key: plain(data[key]) for key in keep}})

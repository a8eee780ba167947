"""Reports API under /api/v1/reports/: scoped reads (generics + FilterSets) and one
small command endpoint per operation, each calling one service."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from slacenter.errors import DomainError

from .. import selectors
from ..models import IndicatorResult, Violation
from ..permissions import can_import_orders, can_run_close
from ..services import (
    adjustment_create,
    appeal_file,
    appeal_transition,
    month_close,
    month_lock,
    order_count_set,
)
from ..services.exports import export_request
from ..staffing.erlang import required_agents
from . import serializers as s


def _body(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class MonthFilterMixin(django_filters.FilterSet):
    month = django_filters.DateFilter(field_name="close__month__month", input_formats=["%Y-%m", "%Y-%m-%d"],
                                      help_text="YYYY-MM")


class IndicatorResultFilter(MonthFilterMixin):
    class Meta:
        model = IndicatorResult
        fields = ["month", "metric", "met", "party", "close"]


class ViolationFilter(MonthFilterMixin):
    appeal_status = django_filters.CharFilter(field_name="appeal__status")

    class Meta:
        model = Violation
        fields = ["month", "kind", "party", "department", "person", "current", "close"]


class MonthListView(generics.ListAPIView):
    serializer_class = s.ReportMonthSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.month_list(self.request.user)


class CloseListView(generics.ListAPIView):
    serializer_class = s.AgreementCloseSerializer
    filterset_fields = ["month__month", "version", "achieved"]
    ordering_fields = ["id", "computed_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.close_scope(self.request.user).prefetch_related("criteria")


class CloseDetailView(generics.RetrieveAPIView):
    serializer_class = s.AgreementCloseSerializer

    def get_queryset(self):
        return selectors.close_scope(self.request.user).prefetch_related("criteria")


class IndicatorResultListView(generics.ListAPIView):
    serializer_class = s.IndicatorResultSerializer
    filterset_class = IndicatorResultFilter
    ordering_fields = ["id", "period_start"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.indicator_result_scope(self.request.user)


class ViolationListView(generics.ListAPIView):
    serializer_class = s.ViolationSerializer
    filterset_class = ViolationFilter
    ordering_fields = ["id", "occurred_at", "amount"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.violation_scope(self.request.user)


class ViolationDetailView(generics.RetrieveAPIView):
    serializer_class = s.ViolationSerializer

    def get_queryset(self):
        return selectors.violation_scope(self.request.user)


class AppealListView(generics.ListAPIView):
    serializer_class = s.AppealSerializer
    filterset_fields = ["status"]
    ordering_fields = ["id", "filed_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.appeal_scope(self.request.user)


class CloseMonthCommand(APIView):
    @extend_schema(request=s.MonthBodySerializer, responses=s.ReportMonthSerializer)
    def post(self, request):
        if not can_run_close(request.user):
            raise DomainError(_("Not found."), status=404, code="not_found")
        data = _body(s.MonthBodySerializer, request)
        month = month_close(month=data["month"], actor=request.user, now=timezone.now())
        return Response(s.ReportMonthSerializer(month).data)


class LockMonthCommand(APIView):
    @extend_schema(request=None, responses=s.ReportMonthSerializer)
    def post(self, request, pk):
        month = generics.get_object_or_404(selectors.month_list(request.user), pk=pk)
        month = month_lock(actor=request.user, month=month, now=timezone.now())
        return Response(s.ReportMonthSerializer(month).data)


class AppealCommand(APIView):
    @extend_schema(request=s.AppealBodySerializer, responses={201: s.AppealSerializer})
    def post(self, request, pk):
        violation = selectors.violation_get(request.user, pk)
        data = _body(s.AppealBodySerializer, request)
        appeal = appeal_file(actor=request.user, violation=violation, now=timezone.now(), **data)
        return Response(s.AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class DecideCommand(APIView):
    @extend_schema(request=s.DecisionBodySerializer, responses=s.AppealSerializer)
    def post(self, request, pk):
        appeal = selectors.appeal_get(request.user, pk)
        data = _body(s.DecisionBodySerializer, request)
        appeal = appeal_transition(actor=request.user, appeal=appeal, now=timezone.now(), **data)
        return Response(s.AppealSerializer(appeal).data)


class AdjustCommand(APIView):
    @extend_schema(request=s.AdjustmentBodySerializer, responses={201: s.AdjustmentSerializer})
    def post(self, request, pk):
        violation = selectors.violation_get(request.user, pk)
        data = _body(s.AdjustmentBodySerializer, request)
        adjustment = adjustment_create(actor=request.user, original=violation, now=timezone.now(), **data)
        return Response(s.AdjustmentSerializer(adjustment).data, status=status.HTTP_201_CREATED)


class OrderCountListView(generics.ListCreateAPIView):
    serializer_class = s.OrderCountSerializer
    filterset_fields = ["channel"]
    ordering_fields = ["month", "id"]
    ordering = ["-month", "channel"]

    def get_queryset(self):
        if not can_import_orders(self.request.user):
            return selectors.order_counts().none()
        return selectors.order_counts()

    @extend_schema(request=s.OrderCountBodySerializer, responses={201: s.OrderCountSerializer})
    def post(self, request):
        data = _body(s.OrderCountBodySerializer, request)
        row = order_count_set(actor=request.user, now=timezone.now(), source="api", **data)
        return Response(s.OrderCountSerializer(row).data, status=status.HTTP_201_CREATED)


class ExportListView(generics.ListCreateAPIView):
    serializer_class = s.ExportJobSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.export_job_scope(self.request.user)

    @extend_schema(request=s.ExportBodySerializer, responses={202: s.ExportJobSerializer})
    def post(self, request):
        data = _body(s.ExportBodySerializer, request)
        params = {"month": data["month"]} if data.get("month") else {}
        job = export_request(actor=request.user, report=data["report"], fmt=data["fmt"], params=params,
                             now=timezone.now())
        return Response(s.ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailView(generics.RetrieveAPIView):
    serializer_class = s.ExportJobSerializer

    def get_queryset(self):
        return selectors.export_job_scope(self.request.user)


class StaffingCommand(APIView):
    """Erlang C: agents needed in one interval for a target service level."""

    @extend_schema(request=s.StaffingBodySerializer, responses=s.StaffingResultSerializer)
    def post(self, request):
        data = _body(s.StaffingBodySerializer, request)
        try:
            result = required_agents(**data)
        except ValueError as exc:
            raise DomainError(str(exc)) from None
        return Response(s.StaffingResultSerializer(result).data)


class IndicatorOwnerCommand(APIView):
    """Name the directly responsible person for an indicator (default: the party's head)."""

    @extend_schema(request=s.IndicatorOwnerBodySerializer, responses=s.IndicatorOwnerSerializer)
    def post(self, request, pk):
        from django.contrib.auth import get_user_model

        from sla.models import Indicator
        from sla.selectors.agreements import agreement_version_scope

        from ..services import indicator_owner_set

        indicator = generics.get_object_or_404(
            Indicator.objects.filter(version__in=agreement_version_scope(request.user)).select_related("version"),
            pk=pk)
        data = _body(s.IndicatorOwnerBodySerializer, request)
        person = get_user_model().objects.filter(pk=data["person"], is_active=True).first()
        owner = indicator_owner_set(actor=request.user, indicator=indicator, person=person, now=timezone.now())
        return Response(s.IndicatorOwnerSerializer(owner).data)

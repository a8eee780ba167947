"""Serializers of the reports API: read shapes and the command bodies."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Adjustment,
    AgreementClose,
    Appeal,
    AppealStatus,
    CriterionResult,
    ExportJob,
    ExportStatus,
    IndicatorResult,
    MonthStatus,
    OrderCount,
    ReportMonth,
    Violation,
)


class ReportMonthSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m")
    status = serializers.ChoiceField(choices=MonthStatus.choices)

    class Meta:
        model = ReportMonth
        fields = ["id", "month", "status", "closed_at", "close_runs", "locked_at", "locked_by"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionResult
        fields = ["code", "limit", "actual", "met", "note"]


class IndicatorResultSerializer(serializers.ModelSerializer):
    month = serializers.DateField(source="close.month.month", format="%Y-%m", read_only=True)
    agreement = serializers.CharField(source="close.version.agreement.code", read_only=True)

    class Meta:
        model = IndicatorResult
        fields = ["id", "close", "month", "agreement", "indicator", "name", "metric", "party", "comparator", "unit",
                  "period_start", "period_end", "numerator", "denominator", "actual", "target", "standard_target",
                  "override_reason", "met", "definition", "note", "responsible_person"]


class AppealSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=AppealStatus.choices)

    class Meta:
        model = Appeal
        fields = ["id", "violation", "status", "reason", "evidence", "filed_by", "filed_at", "decided_by",
                  "decided_at", "decision_reason", "reduced_amount"]


class ViolationSerializer(serializers.ModelSerializer):
    month = serializers.DateField(source="close.month.month", format="%Y-%m", read_only=True)
    agreement = serializers.CharField(source="close.version.agreement.code", read_only=True)
    appeal = serializers.SerializerMethodField()

    class Meta:
        model = Violation
        fields = ["id", "close", "month", "agreement", "key", "kind", "party", "department", "person", "clause",
                  "amount", "final_amount", "summary", "indicator_result", "ticket", "clock", "occurred_at",
                  "current", "appeal"]

    @extend_schema_field(AppealSerializer(allow_null=True))
    def get_appeal(self, obj):
        appeal = getattr(obj, "appeal", None)
        return AppealSerializer(appeal).data if appeal else None


class AgreementCloseSerializer(serializers.ModelSerializer):
    month = serializers.DateField(source="month.month", format="%Y-%m", read_only=True)
    agreement = serializers.CharField(source="version.agreement.code", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementClose
        fields = ["id", "month", "agreement", "version", "achieved", "indicators_missed", "penalty_total",
                  "computed_at", "criteria"]


class AdjustmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adjustment
        fields = ["id", "month", "original", "amount", "reason", "created_by", "created_at"]


class OrderCountSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m")

    class Meta:
        model = OrderCount
        fields = ["id", "month", "channel", "orders", "source", "updated_at"]


class ExportJobSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ExportStatus.choices)

    class Meta:
        model = ExportJob
        fields = ["id", "report", "fmt", "params", "status", "progress", "error", "created_at", "finished_at"]


# --- command bodies ----------------------------------------------------------------

MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


class MonthBodySerializer(serializers.Serializer):
    month = serializers.DateField(input_formats=MONTH_FORMATS, help_text="YYYY-MM")


class AppealBodySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    evidence = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DecisionBodySerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["uphold", "waive", "reduce", "withdraw"])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)


class AdjustmentBodySerializer(serializers.Serializer):
    month = serializers.DateField(input_formats=MONTH_FORMATS, help_text="YYYY-MM: the open month to book it in")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    reason = serializers.CharField(max_length=2000)


class OrderCountBodySerializer(serializers.Serializer):
    month = serializers.DateField(input_formats=MONTH_FORMATS, help_text="YYYY-MM")
    channel = serializers.CharField(max_length=20)
    orders = serializers.IntegerField(min_value=0, max_value=10**12)


class ExportBodySerializer(serializers.Serializer):
    report = serializers.ChoiceField(choices=["violations", "indicator_results", "kpi"])
    fmt = serializers.ChoiceField(choices=["csv", "xlsx"])
    month = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")


class StaffingBodySerializer(serializers.Serializer):
    contacts = serializers.FloatField(min_value=0, max_value=1e6, help_text="Offered contacts in the interval")
    interval_seconds = serializers.IntegerField(min_value=60, max_value=86400, default=1800)
    aht_seconds = serializers.FloatField(min_value=1, max_value=86400)
    target_level = serializers.FloatField(min_value=0.01, max_value=0.999, default=0.8)
    target_seconds = serializers.FloatField(min_value=0, max_value=3600, default=20)
    shrinkage = serializers.FloatField(min_value=0, max_value=0.95, default=0.0)


class StaffingResultSerializer(serializers.Serializer):
    traffic = serializers.FloatField()
    agents = serializers.IntegerField()
    scheduled = serializers.IntegerField()
    service_level = serializers.FloatField()
    wait_probability = serializers.FloatField()


class IndicatorOwnerBodySerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="User id")


class IndicatorOwnerSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator_id")
    person = serializers.IntegerField(source="person_id")
    set_at = serializers.DateTimeField()

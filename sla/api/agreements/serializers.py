"""Serializers of the agreement API: output shapes, and input shapes for the command
endpoints (shape only; the services check the rules)."""

from decimal import Decimal

from rest_framework import serializers

from slacenter.inputs import StrictDateField
from tickets.display import person_name
from tickets.models import Category, Channel, Department

from ...models import ServiceCalendar
from ...models.agreements import (
    Agreement,
    AgreementSignature,
    AgreementVersion,
    Comparator,
    Indicator,
    IndicatorMetric,
    IndicatorOverride,
    Party,
    Payer,
    PenaltyClause,
    Period,
    ServiceItem,
    ViolationKind,
)


class AgreementPartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Department
        fields = ["id", "code", "name"]


class AgreementSignatureSerializer(serializers.ModelSerializer):
    department = AgreementPartySerializer()
    signer = serializers.CharField(source="signer.get_username")
    signer_name = serializers.SerializerMethodField()

    class Meta:
        model = AgreementSignature
        fields = ["department", "signer", "signer_name", "signed_at"]

    def get_signer_name(self, signature) -> str:
        return person_name(signature.signer)


class IndicatorOverrideSerializer(serializers.ModelSerializer):
    agreed_by = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = IndicatorOverride
        fields = ["id", "period_start", "target", "reason", "agreed_by", "agreed_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    overrides = IndicatorOverrideSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "name", "metric", "comparator", "target", "unit", "period", "responsible_party",
                  "description", "overrides"]


class PenaltyClauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PenaltyClause
        fields = ["id", "party", "violation", "amount", "payer", "description"]


class ServiceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceItem
        fields = ["id", "title", "description", "category"]


class AgreementVersionSummarySerializer(serializers.ModelSerializer):
    client_departments = AgreementPartySerializer(many=True)
    provider = AgreementPartySerializer()
    signatures = AgreementSignatureSerializer(many=True)

    class Meta:
        model = AgreementVersion
        fields = ["id", "number", "title", "status", "client_departments", "provider", "effective_from",
                  "effective_to", "governs_until", "signatures"]


class AgreementVersionSerializer(AgreementVersionSummarySerializer):
    agreement = serializers.SerializerMethodField()
    service_items = ServiceItemSerializer(many=True)
    indicators = IndicatorSerializer(many=True)
    penalties = PenaltyClauseSerializer(many=True)

    class Meta(AgreementVersionSummarySerializer.Meta):
        fields = [
            "id", "agreement", "number", "title", "status", "client_departments", "provider", "purpose", "scope",
            "effective_from", "effective_to", "governs_until", "calendar", "channels", "prerequisites", "reporting",
            "duties_a", "duties_b", "amended_from", "created_at", "submitted_at", "activated_at", "ended_at",
            "ended_on", "end_reason", "service_items", "indicators", "penalties", "signatures",
        ]

    def get_agreement(self, obj) -> dict:
        return {"id": obj.agreement_id, "code": obj.agreement.code}


class AgreementRowSerializer(serializers.Serializer):
    """One row of the register: the agreement, its current version and a pending amendment."""

    id = serializers.IntegerField(source="agreement.id")
    code = serializers.CharField(source="agreement.code")
    title = serializers.CharField(source="agreement.title")
    current = AgreementVersionSummarySerializer()
    pending = AgreementVersionSummarySerializer(allow_null=True)


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "code", "title", "created_at"]


# --- input -----------------------------------------------------------------------------

_departments = Department.objects.filter(is_active=True)


class DraftFieldsSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    client_departments = serializers.PrimaryKeyRelatedField(queryset=_departments, many=True)
    provider = serializers.PrimaryKeyRelatedField(queryset=_departments)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    scope = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    effective_from = StrictDateField(required=False, allow_null=True)
    effective_to = StrictDateField(required=False, allow_null=True)
    calendar = serializers.PrimaryKeyRelatedField(queryset=ServiceCalendar.objects.all(), required=False,
                                                  allow_null=True)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), required=False,
                                     max_length=20)
    prerequisites = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    reporting = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    duties_a = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    duties_b = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class DraftCreateSerializer(DraftFieldsSerializer):
    code = serializers.CharField(required=False, allow_blank=True, max_length=30)


class ServiceItemInSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)


class IndicatorInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    metric = serializers.ChoiceField(choices=IndicatorMetric.choices)
    comparator = serializers.ChoiceField(choices=Comparator.choices)
    target = serializers.DecimalField(max_digits=12, decimal_places=4)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=20)
    period = serializers.ChoiceField(choices=Period.choices, required=False)
    responsible_party = serializers.ChoiceField(choices=Party.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class PenaltyClauseInSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=Party.choices)
    violation = serializers.ChoiceField(choices=ViolationKind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False)
    payer = serializers.ChoiceField(choices=Payer.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class IndicatorOverrideInSerializer(serializers.Serializer):
    period_start = StrictDateField()
    target = serializers.DecimalField(max_digits=12, decimal_places=4)
    reason = serializers.CharField(max_length=500)


class AgreementReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class AgreementSignSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False,
                                                    allow_null=True)

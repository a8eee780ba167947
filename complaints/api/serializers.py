"""Shapes of the complaint API: what is shown, and the bodies of the commands (shape
only — the services check the rules)."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from tickets.models import Department
from tickets.templatetags.people import person

from ..models import (
    ApprovalRequest,
    AuthorityLimit,
    CallbackAttempt,
    CallbackOutcome,
    CallbackTask,
    Complaint,
    EscalationFlag,
    Remedy,
    RemedyKind,
    RootCause,
    SeatGroup,
    Severity,
)


@extend_schema_field(inline_serializer("ComplaintPerson", fields={"id": serializers.IntegerField(),
                                                         "name": serializers.CharField()}))
class PersonField(serializers.Field):
    def to_representation(self, user):
        return {"id": user.pk, "name": person(user)} if user else None


class ApprovalSerializer(serializers.ModelSerializer):
    approver = PersonField(read_only=True)
    requested_by = PersonField(read_only=True)

    class Meta:
        model = ApprovalRequest
        fields = ["id", "level", "approver", "requested_by", "status", "requested_at", "decided_at", "reason"]


class RemedySerializer(serializers.ModelSerializer):
    proposed_by = PersonField(read_only=True)
    granted_by = PersonField(read_only=True)
    executed_by = PersonField(read_only=True)
    approvals = ApprovalSerializer(many=True, read_only=True)

    class Meta:
        model = Remedy
        fields = ["id", "kind", "amount", "description", "status", "proposed_by", "proposed_at", "granted_by",
                  "granted_at", "executed_by", "executed_at", "reference", "approvals"]


class AttemptSerializer(serializers.ModelSerializer):
    by = PersonField(read_only=True)

    class Meta:
        model = CallbackAttempt
        fields = ["id", "at", "by", "outcome", "note"]


class CallbackSerializer(serializers.ModelSerializer):
    assignee = PersonField(read_only=True)
    attempts = AttemptSerializer(many=True, read_only=True)

    class Meta:
        model = CallbackTask
        fields = ["id", "status", "assignee", "created_at", "completed_at", "solved", "first_contact",
                  "satisfaction", "comment", "attempts"]


class ComplaintListSerializer(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id", read_only=True)
    number = serializers.CharField(source="ticket.number", read_only=True)
    title = serializers.CharField(source="ticket.title", read_only=True)
    handler = PersonField(source="ticket.assignee", read_only=True)
    seat_group = serializers.CharField(source="seat_group.display_name", default=None, read_only=True)

    class Meta:
        model = Complaint
        fields = ["id", "ticket", "number", "title", "stage", "severity", "is_vip", "flags", "seat_group", "handler",
                  "created_at", "acknowledged_at", "final_reply_at", "closed_at"]


class ComplaintDetailSerializer(ComplaintListSerializer):
    remedies = RemedySerializer(many=True, read_only=True)
    callbacks = CallbackSerializer(many=True, read_only=True)
    repeat_of = serializers.IntegerField(source="repeat_of_id", read_only=True)
    re_complaint_of = serializers.IntegerField(source="re_complaint_of_id", read_only=True)

    class Meta(ComplaintListSerializer.Meta):
        fields = [*ComplaintListSerializer.Meta.fields, "desired_remedy", "order_numbers", "amount_in_dispute",
                  "routing_rule", "repeat_of", "re_complaint_of", "assessed_at", "final_reply", "close_reason",
                  "reopen_count", "recourse_told_at", "recourse_note", "remedies", "callbacks"]


class ComplaintCreateSerializer(serializers.Serializer):
    customer = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    category = serializers.IntegerField(min_value=1)
    channel = serializers.CharField(max_length=20)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.GENERAL)
    desired_remedy = serializers.CharField(max_length=2000)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    order_numbers = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list,
                                          max_length=20)
    amount_in_dispute = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True,
                                                 min_value=0)
    flags = serializers.ListField(child=serializers.ChoiceField(choices=EscalationFlag.choices), required=False,
                                  default=list, max_length=10)


class AssessSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=Severity.choices)
    priority = serializers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class FindingFieldsSerializer(serializers.Serializer):
    """The root cause recorded at closing (required when the complaint has none yet;
    the service checks the person belongs to the department)."""

    root_cause = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                              queryset=RootCause.objects.filter(is_active=True),
                                              help_text="Root cause code (e.g. logistics).")
    responsible_department = serializers.PrimaryKeyRelatedField(required=False, allow_null=True,
                                                                queryset=Department.objects.filter(is_active=True))
    responsible_person = serializers.PrimaryKeyRelatedField(required=False, allow_null=True,
                                                            queryset=get_user_model().objects.filter(is_active=True))
    finding_note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if bool(attrs.get("root_cause")) != bool(attrs.get("responsible_department")):
            raise serializers.ValidationError(
                {"responsible_department": "Give both the root cause and the responsible department."})
        return attrs

    @staticmethod
    def finding(data: dict) -> dict | None:
        """The service's `finding` argument (None when no root cause is given)."""
        if not data.get("root_cause"):
            return None
        return {"root_cause": data["root_cause"], "responsible_department": data["responsible_department"],
                "responsible_person": data.get("responsible_person"), "note": data.get("finding_note", "")}


class RecourseFieldSerializer(serializers.Serializer):
    recourse = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                     help_text="Further recourse told to the customer (e.g. 12315), if any.")


class EmptyBody(serializers.Serializer):
    """A command that takes no fields."""


class CloseSerializer(NoteSerializer, FindingFieldsSerializer, RecourseFieldSerializer):
    pass


class ForceCloseSerializer(ReasonSerializer, FindingFieldsSerializer, RecourseFieldSerializer):
    pass


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class RemedyCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RemedyKind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ResubmitSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    description = serializers.CharField(max_length=2000, required=False, allow_null=True, default=None)


class ExecuteSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class CallbackAttemptSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CallbackOutcome.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    solved = serializers.BooleanField(required=False, allow_null=True, default=None)
    first_contact = serializers.BooleanField(required=False, allow_null=True, default=None)
    satisfaction = serializers.IntegerField(required=False, allow_null=True, default=None)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    follow_up = serializers.ChoiceField(choices=["reopen", "re_complaint"], default="reopen")
    new_issue = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SeatGroupSerializer(serializers.ModelSerializer):
    categories = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    members = serializers.ListField(child=PersonField(), source="members.all", read_only=True)

    class Meta:
        model = SeatGroup
        fields = ["id", "name", "name_en", "code", "categories", "tiers", "members", "is_vip", "is_pool", "is_active",
                  "rank"]


class AuthorityLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuthorityLimit
        fields = ["id", "remedy_kind", "level", "role", "department", "max_amount"]

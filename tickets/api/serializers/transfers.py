"""Transfers (questions to a business department) and the bodies of their commands."""

from rest_framework import serializers

from ...models import Transfer, TransferStatus
from ...selectors import department_list
from .common import DepartmentRefSerializer, StrictFieldsMixin, UserRefSerializer, enum_field


class TicketBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)


class TransferSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(read_only=True)
    requested_by = UserRefSerializer(read_only=True, allow_null=True)
    answered_by = UserRefSerializer(read_only=True, allow_null=True)
    status = enum_field(TransferStatus.choices)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Transfer
        fields = ["id", "department", "question", "status", "status_display", "requested_by", "requested_at",
                  "answered_by", "answered_at", "answer"]
        read_only_fields = fields


class TransferInboxSerializer(TransferSerializer):
    ticket = TicketBriefSerializer(read_only=True)

    class Meta(TransferSerializer.Meta):
        fields = ["id", "ticket", *TransferSerializer.Meta.fields[1:]]
        read_only_fields = fields


class TransferCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=department_list())
    question = serializers.CharField()


class TransferAnswerSerializer(StrictFieldsMixin, serializers.Serializer):
    answer = serializers.CharField()


class TransferBounceSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField()

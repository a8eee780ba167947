"""Transfers (questions to a business department) and the bodies of their commands."""

from rest_framework import serializers

from ... import limits
from ...models import AnswerRating, Transfer, TransferStatus
from ...selectors import department_list
from .common import DepartmentRefSerializer, StrictFieldsMixin, UserRefSerializer, enum_field


class TicketBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)


# What a transfer shown only in summary keeps: that it exists, for which department,
# when and in which state (`tickets.selectors.transfer_full_q` decides per row).
SUMMARY_FIELDS = {"id", "ticket", "department", "status", "status_display", "requested_at", "answered_at", "in_full"}


BLANKED_TEXT = {"question", "answer", "answer_rating", "answer_rating_display", "answer_rating_reason"}


class TransferSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(read_only=True)
    requested_by = UserRefSerializer(read_only=True, allow_null=True)
    answered_by = UserRefSerializer(read_only=True, allow_null=True)
    status = enum_field(TransferStatus.choices)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    answer_rating = enum_field(
        AnswerRating.choices,
        help_text="The service center's rating of the answer; empty until rated (the last rating wins).",
    )
    answer_rating_display = serializers.CharField(source="get_answer_rating_display", read_only=True)
    answer_rated_by = UserRefSerializer(read_only=True, allow_null=True)
    in_full = serializers.SerializerMethodField(
        help_text="False when the exchange belongs to another department: question, answer, rating and people "
        "are then empty (only the department, dates and status are shown)."
    )

    class Meta:
        model = Transfer
        fields = ["id", "department", "question", "status", "status_display", "requested_by", "requested_at",
                  "answered_by", "answered_at", "answer", "answer_rating", "answer_rating_display",
                  "answer_rating_reason", "answer_rated_by", "answer_rated_at", "in_full"]
        read_only_fields = fields

    def get_in_full(self, transfer) -> bool:
        # Rows not read through a selector have no decision: shown in summary only.
        return bool(getattr(transfer, "in_full", False))

    def to_representation(self, transfer):
        data = super().to_representation(transfer)
        if not data["in_full"]:
            for name in data:
                if name not in SUMMARY_FIELDS:
                    data[name] = "" if name in BLANKED_TEXT else None
        return data


class TransferInboxSerializer(TransferSerializer):
    ticket = TicketBriefSerializer(read_only=True)

    class Meta(TransferSerializer.Meta):
        fields = ["id", "ticket", *TransferSerializer.Meta.fields[1:]]
        read_only_fields = fields


class TransferCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=department_list())
    question = serializers.CharField(max_length=limits.TRANSFER_TEXT)


class TransferAnswerSerializer(StrictFieldsMixin, serializers.Serializer):
    answer = serializers.CharField(max_length=limits.TRANSFER_TEXT)


class TransferBounceSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=limits.TRANSFER_TEXT)


class TransferRateSerializer(StrictFieldsMixin, serializers.Serializer):
    satisfied = serializers.BooleanField(help_text="True: satisfied with the answer; false: not satisfied.")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.RATING_REASON,
        help_text="Required when not satisfied.",
    )

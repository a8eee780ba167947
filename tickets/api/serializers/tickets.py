"""Ticket representations (list, detail with its history) and the shapes of the
create/update bodies. Serializers check shape only; the services check the rules."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ... import limits
from ...models import Attachment, Category, Channel, Comment, Priority, Ticket, TicketEvent, TicketKind
from ...selectors import category_list, customer_scope
from ...workflow import TICKET_WORKFLOW
from .common import (
    CategoryRefSerializer,
    CustomerRefSerializer,
    DepartmentRefSerializer,
    StrictFieldsMixin,
    UserRefSerializer,
    active_users,
)
from .transfers import TransferSerializer


class TicketListSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    priority_display = serializers.CharField(source="get_priority_display", read_only=True)
    category = CategoryRefSerializer(read_only=True)
    customer = CustomerRefSerializer(read_only=True)
    assignee = UserRefSerializer(read_only=True, allow_null=True)
    responsible_department = DepartmentRefSerializer(read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id", "number", "title", "kind", "channel", "priority", "priority_display", "status",
            "status_display", "category", "customer", "assignee", "responsible_department",
            "created_at", "updated_at", "first_response_at", "resolved_at", "closed_at",
        ]
        read_only_fields = fields


class TicketEventSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(read_only=True, allow_null=True)
    kind = serializers.CharField(
        read_only=True,
        help_text="A built-in kind ("
        + ", ".join(f"`{value}`" for value in TicketEvent.Kind.values)
        + ") or one an upper app registered (`<app>.<step>`, e.g. `complaint.acknowledged`).",
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TicketEvent
        fields = ["id", "kind", "kind_display", "actor", "at", "field", "old_value", "new_value", "reason", "data"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = UserRefSerializer(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_by", "created_at", "comment",
                  "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        url = reverse("api-attachment-download", kwargs={"pk": attachment.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CommentSerializer(serializers.ModelSerializer):
    author = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "visibility", "body", "author", "created_at"]
        read_only_fields = fields


class AllowedActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    reason_required = serializers.BooleanField()


class TicketDetailSerializer(TicketListSerializer):
    created_by = UserRefSerializer(read_only=True, allow_null=True)
    events = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    transfers = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(TicketListSerializer.Meta):
        fields = [
            *TicketListSerializer.Meta.fields, "description", "created_by", "allowed_actions",
            "events", "comments", "transfers", "attachments",
        ]
        read_only_fields = fields

    # The view passes the selector querysets in the context, so the history is read
    # with select_related and the serializer stays free of queries of its own.
    @extend_schema_field(TicketEventSerializer(many=True))
    def get_events(self, ticket):
        return TicketEventSerializer(self.context.get("events", []), many=True, context=self.context).data

    @extend_schema_field(CommentSerializer(many=True))
    def get_comments(self, ticket):
        return CommentSerializer(self.context.get("comments", []), many=True, context=self.context).data

    @extend_schema_field(TransferSerializer(many=True))
    def get_transfers(self, ticket):
        return TransferSerializer(self.context.get("transfers", []), many=True, context=self.context).data

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, ticket):
        return AttachmentSerializer(self.context.get("attachments", []), many=True, context=self.context).data

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, ticket):
        return [
            {"action": t.action, "label": str(t.label), "reason_required": t.reason_required}
            for t in TICKET_WORKFLOW.allowed(ticket.status)
        ]


class TicketCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=customer_scope(None))
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION)
    kind = serializers.ChoiceField(choices=TicketKind.choices, default=TicketKind.INQUIRY)
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.none())
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    assignee = serializers.PrimaryKeyRelatedField(queryset=active_users(), required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["customer"].queryset = customer_scope(request.user if request else None)
        self.fields["category"].queryset = category_list()


class TicketUpdateSerializer(StrictFieldsMixin, serializers.Serializer):
    """Descriptive fields only; status, number and department move through the
    workflow and transfers."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=limits.DESCRIPTION)
    kind = serializers.ChoiceField(choices=TicketKind.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.none(), required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", write_only=True,
                                   max_length=limits.REASON)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_list()


class AssignSerializer(StrictFieldsMixin, serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=active_users(), allow_null=True)


class TransitionSerializer(StrictFieldsMixin, serializers.Serializer):
    action = serializers.CharField(max_length=40)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.REASON)


class CommentCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    body = serializers.CharField(max_length=limits.COMMENT)
    visibility = serializers.ChoiceField(choices=Comment.Visibility.choices, default=Comment.Visibility.INTERNAL)


class CommentUploadSerializer(CommentCreateSerializer):
    """A message with a file (multipart): both saved together, or neither."""

    file = serializers.FileField(required=False, allow_empty_file=True)


class AttachmentUploadSerializer(StrictFieldsMixin, serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)


class NotificationReadSerializer(StrictFieldsMixin, serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False,
                                max_length=500)


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


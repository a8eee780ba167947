"""Ticket representations (list, detail with its history) and the shapes of the
create/update bodies. Serializers check shape only; the services check the rules."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ... import limits
from ...display import names_shown
from ...models import Attachment, Category, Channel, Comment, Priority, Ticket, TicketEvent, TicketKind
from ...models.bilingual import bilingual_name
from ...models.customers import mask_phone
from ...models.tickets import category_path
from ...selectors import TICKET_ROW_FIELDS, category_list, customer_scope
from ...workflow import TICKET_WORKFLOW
from .common import (
    CategoryRefSerializer,
    CustomerRefSerializer,
    DepartmentRefSerializer,
    StrictFieldsMixin,
    UserRefSerializer,
    active_users,
    choice_label,
    datetime_repr,
    user_ref,
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

    def to_representation(self, ticket):
        # Equal to the declared fields' output (see .common "Representations on the hot paths").
        return ticket_row_representation(ticket_row_of(ticket), get_language())


def ticket_row_of(ticket: Ticket) -> dict:
    """A ticket read with `selectors.ticket_list`'s joins, as a row of `selectors.ticket_rows`."""

    def value(path: str):
        obj = ticket
        for part in path.split("__"):
            if obj is None:
                return None
            obj = getattr(obj, part)
        return obj

    return {path: value(path) for path in TICKET_ROW_FIELDS}


def ticket_row_representation(row: dict, language: str) -> dict:
    """`TicketListSerializer`'s output for a row of `selectors.ticket_rows` (values, not a
    model instance) in `language`, the active language: the list reads rows, the detail
    turns its ticket into one (`ticket_row_of`), so both write the same dict."""
    category_name = bilingual_name(row["category__name"], row["category__name_en"], language)
    parent_name = row["category__parent__name"]
    if parent_name is not None:
        parent_name = bilingual_name(parent_name, row["category__parent__name_en"], language)
    assignee_id = row["assignee_id"]
    department_id = row["responsible_department_id"]
    zone = timezone.get_current_timezone()
    return {
        "id": row["id"],
        "number": row["number"],
        "title": row["title"],
        "kind": row["kind"],
        "channel": row["channel"],
        "priority": row["priority"],
        "priority_display": choice_label(Ticket, "priority", row["priority"], language),
        "status": row["status"],
        "status_display": choice_label(Ticket, "status", row["status"], language),
        "category": {"id": row["category_id"], "code": row["category__code"], "name": category_name,
                     "path": category_path(parent_name, category_name)},
        "customer": {"id": row["customer_id"], "name": row["customer__name"],
                     "phone": mask_phone(row["customer__phone"]), "tier": row["customer__tier"]},
        "assignee": None if assignee_id is None else {
            "id": assignee_id, "username": row["assignee__username"],
            "name": names_shown(row["assignee__first_name"], row["assignee__last_name"], row["assignee__username"]),
        },
        "responsible_department": None if department_id is None else {
            "id": department_id, "code": row["responsible_department__code"],
            "name": bilingual_name(row["responsible_department__name"], row["responsible_department__name_en"],
                                   language),
        },
        "created_at": datetime_repr(row["created_at"], zone),
        "updated_at": datetime_repr(row["updated_at"], zone),
        "first_response_at": datetime_repr(row["first_response_at"], zone),
        "resolved_at": datetime_repr(row["resolved_at"], zone),
        "closed_at": datetime_repr(row["closed_at"], zone),
    }


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

    def to_representation(self, event):
        return {
            "id": event.id,
            "kind": event.kind,
            "kind_display": event.get_kind_display(),
            "actor": user_ref(event.actor),
            "at": datetime_repr(event.at),
            "field": event.field,
            "old_value": event.old_value,
            "new_value": event.new_value,
            "reason": event.reason,
            "data": event.data,
        }


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

    def to_representation(self, comment):
        return {"id": comment.id, "visibility": comment.visibility, "body": comment.body,
                "author": user_ref(comment.author), "created_at": datetime_repr(comment.created_at)}


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

    def to_representation(self, ticket):
        data = super().to_representation(ticket)
        data.update(
            description=ticket.description,
            created_by=user_ref(ticket.created_by),
            allowed_actions=self.get_allowed_actions(ticket),
            events=self.get_events(ticket),
            comments=self.get_comments(ticket),
            transfers=self.get_transfers(ticket),
            attachments=self.get_attachments(ticket),
        )
        return data

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


from django.utils.translation import gettext as _
from rest_framework import serializers

from ...models import ContactMessage, ContactRecord
from ...services.contacts import COLUMNS


class ContactMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactMessage
        fields = ["seq", "at", "side", "text"]


class ContactRecordSerializer(serializers.ModelSerializer):
    agent_username = serializers.CharField(source="agent.username", default=None, read_only=True)
    ticket_number = serializers.CharField(source="ticket.number", default=None, read_only=True)
    abandoned = serializers.BooleanField(read_only=True)

    class Meta:
        model = ContactRecord
        fields = [
            "id", "source", "external_id", "kind", "channel", "queue", "agent", "agent_username", "customer",
            "ticket", "ticket_number", "visitor", "offered_at", "answered_at", "ended_at", "abandoned",
            "wait_seconds", "talk_seconds", "wrap_seconds", "first_response_seconds", "response_seconds_total",
            "response_count", "satisfaction", "recording_ref",
        ]


class ContactDetailSerializer(ContactRecordSerializer):
    messages = ContactMessageSerializer(many=True, read_only=True)

    class Meta(ContactRecordSerializer.Meta):
        fields = [*ContactRecordSerializer.Meta.fields, "messages"]


class ContactImportSerializer(serializers.Serializer):
    """Either `records` (objects) or `columns` + `rows` (arrays: compact, and no
    object keys per record)."""

    source = serializers.CharField(required=False, max_length=30, help_text="Default source for rows without one.")
    records = serializers.ListField(child=serializers.DictField(), required=False, max_length=10_000)
    columns = serializers.ListField(child=serializers.ChoiceField(choices=[*COLUMNS, "messages"]), required=False)
    rows = serializers.ListField(child=serializers.ListField(), required=False, max_length=50_000)

    def validate(self, attrs):
        if ("records" in attrs) == ("columns" in attrs or "rows" in attrs):
            raise serializers.ValidationError(_("Send either records, or columns and rows."))
        if "records" not in attrs:
            if "columns" not in attrs or "rows" not in attrs:
                raise serializers.ValidationError(_("columns and rows go together."))
            columns = attrs["columns"]
            attrs["records"] = [dict(zip(columns, row, strict=False)) for row in attrs.pop("rows")]
        return attrs


class ContactImportFileSerializer(serializers.Serializer):
    file = serializers.FileField()
    source = serializers.CharField(required=False, max_length=30)


class ImportResultSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class AgentDayFigureSerializer(serializers.Serializer):
    agent_id = serializers.IntegerField()
    day = serializers.DateField()
    kind = serializers.CharField()
    handled = serializers.IntegerField()
    aht_seconds = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    first_response_avg = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    response_avg = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    satisfaction_avg = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    satisfaction_count = serializers.IntegerField()


class IntervalFigureSerializer(serializers.Serializer):
    queue = serializers.CharField()
    start = serializers.CharField()
    offered = serializers.IntegerField()
    answered = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    service_level = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    answer_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    asa_seconds = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class FigureQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    minutes = serializers.ChoiceField(choices=[15, 30, 60], default=60)
    threshold = serializers.IntegerField(min_value=1, max_value=3600, default=20)
    agent = serializers.IntegerField(min_value=1, required=False)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError(_("end is before start."))
        if (attrs["end"] - attrs["start"]).days > 92:
            raise serializers.ValidationError(_("At most 93 days at once."))
        return attrs

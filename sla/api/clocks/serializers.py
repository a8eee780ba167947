from rest_framework import serializers

from sla.models import Breach, ClockMetric, EscalationRule, SlaPolicy, TicketClock
from tickets.models import Category, Channel, Customer, Priority, TicketKind


class EscalationRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscalationRule
        fields = ["id", "level", "trigger", "percent", "offset_minutes", "notify", "urgency", "action"]


class PolicySerializer(serializers.ModelSerializer):
    rules = EscalationRuleSerializer(many=True, read_only=True)

    class Meta:
        model = SlaPolicy
        fields = ["id", "name", "name_en", "metric", "kind", "priority", "tier", "category", "channel", "rank",
                  "target_minutes", "target_days", "end_of_day", "pause_statuses", "warn_percent", "calendar",
                  "agreement_version", "is_active", "revision", "rules", "created_at", "updated_at"]


class PolicyWriteSerializer(serializers.Serializer):
    """Shape only; the rules are checked by `sla.services.policies`."""

    name = serializers.CharField(max_length=120)
    name_en = serializers.CharField(max_length=120, required=False, allow_blank=True)
    metric = serializers.ChoiceField(choices=ClockMetric.choices)
    kind = serializers.ChoiceField(choices=TicketKind.choices, required=False, allow_blank=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, allow_null=True)
    tier = serializers.ChoiceField(choices=Customer.Tier.choices, required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    rank = serializers.IntegerField(required=False, min_value=-1000, max_value=1000)
    target_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10_000_000)
    target_days = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=3650)
    end_of_day = serializers.BooleanField(required=False)
    pause_statuses = serializers.ListField(child=serializers.CharField(max_length=30), required=False, max_length=10)
    warn_percent = serializers.IntegerField(required=False, min_value=1, max_value=100)
    is_active = serializers.BooleanField(required=False)


class ClockSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    policy_name = serializers.CharField(source="policy.display_name", read_only=True, default=None)

    class Meta:
        model = TicketClock
        fields = ["id", "ticket", "ticket_number", "metric", "transfer", "policy", "policy_name", "policy_revision",
                  "matched_on", "calendar", "calendar_version", "started_at", "stopped_at", "target_seconds",
                  "paused_seconds", "elapsed_seconds", "due_at", "warn_at", "next_escalation_at", "state",
                  "breached_at", "responsible_department", "responsible_user", "pauses", "pause_attribution",
                  "escalation_plan"]


class BreachSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)

    class Meta:
        model = Breach
        fields = ["id", "clock", "ticket", "ticket_number", "metric", "breached_at", "department", "person",
                  "recorded_at"]

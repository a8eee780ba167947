from datetime import date

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    AgentPerformance,
    CalibrationSession,
    ChannelKind,
    Evaluation,
    EvaluationEvent,
    ExemptStar,
    Praise,
    Sample,
    SamplingPlan,
    Scorecard,
    ScorecardVersion,
)
from ..workflow import TABLE


@extend_schema_field(OpenApiTypes.STR)
class MonthField(serializers.Field):
    """A month as YYYY-MM (or any YYYY-MM-DD of it); read as its first day."""

    default_error_messages = {"invalid": "Use YYYY-MM."}

    def to_internal_value(self, data):
        text = str(data or "").strip()
        try:
            if len(text) == 7:
                text += "-01"
            day = date.fromisoformat(text)
        except ValueError:
            self.fail("invalid")
        if not 2000 <= day.year <= 2100:
            self.fail("invalid")
        return day.replace(day=1)

    def to_representation(self, value):
        return f"{value:%Y-%m}"


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name"]


class ScorecardVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScorecardVersion
        fields = ["id", "number", "definition", "note", "created_at"]


class ScorecardSerializer(serializers.ModelSerializer):
    versions = ScorecardVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = ["id", "name", "name_en", "channel_kind", "is_active", "created_at", "versions"]


class ScorecardCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=100, required=False, default="")
    channel_kind = serializers.ChoiceField(choices=ChannelKind.choices)
    definition = serializers.JSONField()


class ScorecardVersionCreateSerializer(serializers.Serializer):
    definition = serializers.JSONField()
    note = serializers.CharField(max_length=200, required=False, default="")


class EvaluationEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = EvaluationEvent
        fields = ["action", "old_status", "new_status", "actor", "at", "reason", "data"]


class EvaluationSerializer(serializers.ModelSerializer):
    agent = PersonSerializer(read_only=True)
    evaluator = PersonSerializer(read_only=True)
    month = MonthField(read_only=True)
    scorecard_version = serializers.IntegerField(source="scorecard_version_id")

    class Meta:
        model = Evaluation
        fields = ["id", "contact", "agent", "evaluator", "scorecard_version", "sample", "month", "status", "score",
                  "base_score", "bonus", "fatal", "original_score", "dispute_reason", "dispute_due_at",
                  "review_outcome", "review_reason", "submitted_at", "acknowledged_at", "disputed_at",
                  "reviewed_at", "finalized_at", "created_at"]


class EvaluationDetailSerializer(EvaluationSerializer):
    events = EvaluationEventSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "answers", "comment", "breakdown", "events", "allowed_actions"]

    def get_allowed_actions(self, evaluation) -> list[str]:
        return [t.action for t in TABLE.allowed(evaluation.status)]


class EvaluationCreateSerializer(serializers.Serializer):
    contact = serializers.IntegerField(min_value=1)
    sample = serializers.IntegerField(min_value=1, required=False)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.JSONField())
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class EvaluationTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[t.action for t in TABLE.transitions if t.manual])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    answers = serializers.DictField(child=serializers.JSONField(), required=False)


class SamplingPlanSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    samples = serializers.IntegerField(source="samples.count", read_only=True)

    class Meta:
        model = SamplingPlan
        fields = ["id", "month", "seed", "parameters", "drawn_by", "drawn_at", "samples"]


class SamplingPlanCreateSerializer(serializers.Serializer):
    month = MonthField()
    seed = serializers.IntegerField(min_value=0, max_value=2**62, required=False)


class SampleSerializer(serializers.ModelSerializer):
    agent = PersonSerializer(read_only=True)
    assignee = PersonSerializer(read_only=True)
    evaluation = serializers.IntegerField(source="evaluation.id", default=None, read_only=True)

    class Meta:
        model = Sample
        fields = ["id", "plan", "contact", "agent", "channel_kind", "week", "reason", "weight", "assignee",
                  "evaluation"]


class StarSerializer(serializers.ModelSerializer):
    agent = PersonSerializer(read_only=True)
    month = MonthField(read_only=True)
    earned_month = MonthField(read_only=True)

    class Meta:
        model = ExemptStar
        fields = ["month", "earned_month", "agent", "average", "evaluations"]


class MonthSerializer(serializers.Serializer):
    month = MonthField()


class PraiseSerializer(serializers.ModelSerializer):
    agent = PersonSerializer(read_only=True)
    month = MonthField(read_only=True)

    class Meta:
        model = Praise
        fields = ["id", "agent", "month", "source", "evidence", "ticket", "contact", "points", "reference",
                  "created_at"]


class PraiseCreateSerializer(serializers.Serializer):
    agent = serializers.IntegerField(min_value=1)
    source = serializers.ChoiceField(choices=Praise.Source.choices)
    evidence = serializers.CharField(max_length=5000)
    ticket = serializers.IntegerField(min_value=1, required=False)
    contact = serializers.IntegerField(min_value=1, required=False)
    reference = serializers.CharField(max_length=64, required=False, default="")


class CalibrationSerializer(serializers.ModelSerializer):
    participants = PersonSerializer(many=True, read_only=True)

    class Meta:
        model = CalibrationSession
        fields = ["id", "title", "contact", "scorecard_version", "standard", "expert", "participants", "status",
                  "created_at", "closed_at"]


class CalibrationCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    contact = serializers.IntegerField(min_value=1)
    participants = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=2, max_length=50)
    standard = serializers.ChoiceField(choices=CalibrationSession.Standard.choices, default="median")
    expert = serializers.IntegerField(min_value=1, required=False)


class PerformanceSerializer(serializers.ModelSerializer):
    agent = PersonSerializer(read_only=True)
    month = MonthField(source="performance_month.month", read_only=True)

    class Meta:
        model = AgentPerformance
        fields = ["month", "agent", "score", "band", "pay", "rank", "lines"]


class AgentInputSerializer(serializers.Serializer):
    agent = serializers.IntegerField(min_value=1)
    month = MonthField()
    test_score = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    attendance_score = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    absences = serializers.IntegerField(min_value=0, max_value=31, default=0)
    late_arrivals = serializers.IntegerField(min_value=0, max_value=31, default=0)

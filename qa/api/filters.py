import django_filters as filters

from ..models import Evaluation, EvaluationStatus, Praise, Sample
from ..models.scorecards import ChannelKind


class MonthFilter(filters.FilterSet):
    month = filters.DateFilter(help_text="First day of the month, YYYY-MM-01")

    class Meta:
        model = Praise
        fields = []


class EvaluationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=EvaluationStatus.choices)
    agent = filters.NumberFilter(field_name="agent_id", min_value=1)
    evaluator = filters.NumberFilter(field_name="evaluator_id", min_value=1)
    month = filters.DateFilter(help_text="First day of the month, YYYY-MM-01")
    fatal = filters.BooleanFilter()

    class Meta:
        model = Evaluation
        fields = []


class SampleFilter(filters.FilterSet):
    plan = filters.NumberFilter(field_name="plan_id", min_value=1)
    month = filters.DateFilter(field_name="plan__month")
    agent = filters.NumberFilter(field_name="agent_id", min_value=1)
    assignee = filters.NumberFilter(field_name="assignee_id", min_value=1)
    channel_kind = filters.ChoiceFilter(choices=ChannelKind.choices)
    open = filters.BooleanFilter(field_name="evaluation", lookup_expr="isnull")

    class Meta:
        model = Sample
        fields = []

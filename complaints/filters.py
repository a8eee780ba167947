"""FilterSets of the complaint API (filters narrow a scoped selector; ids are plain
numbers, so an out-of-scope id and an unknown one look the same)."""

from django_filters import rest_framework as filters

from slacenter.datetimes import DateTimeParamFilter

from .models import ComplaintStage, Severity


class ComplaintFilter(filters.FilterSet):
    stage = filters.MultipleChoiceFilter(choices=ComplaintStage.choices)
    severity = filters.MultipleChoiceFilter(choices=Severity.choices)
    is_vip = filters.BooleanFilter()
    seat_group = filters.NumberFilter(field_name="seat_group_id")
    customer = filters.NumberFilter(field_name="ticket__customer_id")
    created_after = DateTimeParamFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeParamFilter(field_name="created_at", lookup_expr="lt")
    repeat = filters.BooleanFilter(field_name="repeat_of", lookup_expr="isnull", exclude=True)
    # Loops closed by a manager's reason rather than a callback or the survey.
    closed_with_reason = filters.BooleanFilter(method="filter_closed_with_reason")

    class Meta:
        from .models import Complaint

        model = Complaint
        fields = ["stage", "severity", "is_vip", "seat_group", "customer", "created_after", "created_before", "repeat",
                  "closed_with_reason"]

    def filter_closed_with_reason(self, queryset, name, value):
        if value is None:
            return queryset
        with_reason = queryset.filter(stage="closed").exclude(close_reason="")
        return with_reason if value else queryset.exclude(pk__in=with_reason.values("pk"))

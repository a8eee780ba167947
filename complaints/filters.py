"""FilterSets of the complaint API (filters narrow a scoped selector; ids are plain
numbers, so an out-of-scope id and an unknown one look the same)."""

from django.db.models import Q
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
    # Drill-down from the hotspots (selectors_hotspots): a category counts its subcategories.
    category = filters.NumberFilter(method="filter_category")
    root_cause = filters.NumberFilter(field_name="finding__root_cause_id")
    department = filters.NumberFilter(method="filter_department")
    tag = filters.CharFilter(field_name="tags__value", max_length=100)
    term = filters.CharFilter(method="filter_term", max_length=50)

    class Meta:
        from .models import Complaint

        model = Complaint
        fields = ["stage", "severity", "is_vip", "seat_group", "customer", "created_after", "created_before", "repeat",
                  "closed_with_reason", "category", "root_cause", "department", "tag", "term"]

    def filter_closed_with_reason(self, queryset, name, value):
        if value is None:
            return queryset
        with_reason = queryset.filter(stage="closed").exclude(close_reason="")
        return with_reason if value else queryset.exclude(pk__in=with_reason.values("pk"))

    def filter_category(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(ticket__category_id=value) | Q(ticket__category__parent_id=value))

    def filter_term(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(ticket__title__icontains=value) | Q(ticket__description__icontains=value)
                               | Q(desired_remedy__icontains=value))

    def filter_department(self, queryset, name, value):
        """The department answering for the complaint (as the hotspots count it): its
        finding's, else the one that usually fixes its category."""
        if value is None:
            return queryset
        return queryset.filter(Q(finding__responsible_department_id=value)
                               | Q(finding__isnull=True, ticket__category__default_department_id=value))

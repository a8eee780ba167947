"""Every date-time filter of every API view reads its value through the one bounded
parser (`slacenter.datetimes.DateTimeParamFilter`): a stock django-filter date-time
filter passes a +17:00 offset or the year 9999 to PostgreSQL, which answers with a
DataError (a 500). Walks the URL resolver, so new apps' views are checked too."""

import django_filters
from django.db import models
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from slacenter.datetimes import DateTimeParamFilter

STOCK_DATE_TIME_FILTERS = (django_filters.DateTimeFilter, django_filters.IsoDateTimeFilter,
                           django_filters.DateTimeFromToRangeFilter, django_filters.IsoDateTimeFromToRangeFilter)


def api_view_classes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from api_view_classes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
            view_class = getattr(entry.callback, "cls", None)
            if view_class is not None:
                yield prefix + str(entry.pattern), view_class


def test_every_api_date_time_filter_is_bounded():
    offenders, seen = [], 0
    for route, view_class in api_view_classes():
        filterset_class = getattr(view_class, "filterset_class", None)
        if filterset_class is not None:
            for name, field in filterset_class.base_filters.items():
                if isinstance(field, DateTimeParamFilter):
                    seen += 1
                elif isinstance(field, STOCK_DATE_TIME_FILTERS):
                    offenders.append(f"{route} {view_class.__name__}: {filterset_class.__name__}.{name}")
        fields = getattr(view_class, "filterset_fields", None) or []
        model = getattr(getattr(view_class, "queryset", None), "model", None) or getattr(
            getattr(getattr(view_class, "serializer_class", None), "Meta", None), "model", None)
        for name in fields if model is not None else []:
            try:
                model_field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001 - a related path; django-filter resolves it
                continue
            if isinstance(model_field, models.DateTimeField):
                offenders.append(f"{route} {view_class.__name__}: filterset_fields {name!r} (use a FilterSet "
                                 f"with DateTimeParamFilter)")
    assert not offenders, "date-time filters not read by slacenter.datetimes:\n" + "\n".join(offenders)
    assert seen >= 3  # tickets created_after/before, clocks due_before at least

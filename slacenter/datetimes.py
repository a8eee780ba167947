"""The one way a date-time from outside (a query parameter, a JSON body, a form) is
read: ISO 8601, an offset of at most ±14:00 (the widest in use on Earth; PostgreSQL
refuses wider ones with a DataError), a year between MIN_YEAR and MAX_YEAR, and the
result is an aware datetime in UTC. A value without an offset is read in the current
time zone (Asia/Shanghai by default). Anything else is a 400 with a message.

- `parse_datetime_param(text)` — the parser; raises `django.core.exceptions.ValidationError`.
- `DateTimeParamFilter` — for every date-time filter of a FilterSet.
- `DateTimeParamField` — for a date-time in a DRF serializer (request bodies).
"""

from datetime import UTC, datetime, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_OFFSET = timedelta(hours=14)
MAX_LENGTH = 64

DATETIME_PARAM_SCHEMA = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 date-time; offset at most ±14:00, year 2000–2100; without an offset it is read "
                   "in Asia/Shanghai. Normalised to UTC.",
}


def _invalid(message, code="invalid_datetime") -> ValidationError:
    return ValidationError(message, code=code)


def parse_datetime_param(value) -> datetime:
    """`value` (a string or a datetime) as an aware datetime in UTC, or ValidationError."""
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if not text or len(text) > MAX_LENGTH:
            raise _invalid(_("Enter a date-time in ISO 8601 form, e.g. 2026-01-31T09:00:00+08:00."))
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise _invalid(_("Enter a date-time in ISO 8601 form, e.g. 2026-01-31T09:00:00+08:00.")) from None
    offset = parsed.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise _invalid(_("The UTC offset must be between -14:00 and +14:00."), code="offset_out_of_range")
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise _invalid(
            _("The year must be between %(min)d and %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="year_out_of_range",
        )
    if offset is None:
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    result = parsed.astimezone(UTC)
    if not MIN_YEAR <= result.year <= MAX_YEAR:  # 2100-12-31T23:00-05:00 is 2101 in UTC
        raise _invalid(
            _("The year must be between %(min)d and %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="year_out_of_range",
        )
    return result


class DateTimeParamFormField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_datetime_param(value)


@extend_schema_field(DATETIME_PARAM_SCHEMA)
class DateTimeParamFilter(django_filters.Filter):
    """A date-time query filter: `created_after = DateTimeParamFilter(field_name=…,
    lookup_expr="gte")`."""

    field_class = DateTimeParamFormField


@extend_schema_field(DATETIME_PARAM_SCHEMA)
class DateTimeParamField(serializers.Field):
    """A date-time in a request body, read like the query parameters; written back as
    ISO 8601 in UTC."""

    default_error_messages = {"invalid": _("Enter a date-time in ISO 8601 form.")}

    def to_internal_value(self, data):
        if not isinstance(data, (str, datetime)):
            self.fail("invalid")
        try:
            return parse_datetime_param(data)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code) from None

    def to_representation(self, value):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None

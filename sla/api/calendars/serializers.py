"""Shapes of the calendar API. Serializers check shape only; the rules (past dates,
overlapping windows, who may edit) live in `sla.services.calendars`."""

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from slacenter.inputs import StrictDateField
from tickets.api.serializers.common import DepartmentRefSerializer

from ...models import CalendarOverride, CalendarVersion, ServiceCalendar
from ...selectors.calendars import MAX_SIMULATED_DAYS, MAX_SIMULATED_SECONDS


class CalendarSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(allow_null=True)
    display_name = serializers.CharField()

    class Meta:
        model = ServiceCalendar
        fields = ["id", "name", "name_en", "display_name", "department", "timezone", "observes_statutory_holidays",
                  "is_active", "revision"]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarVersion
        fields = ["id", "effective_from", "weekly", "note", "created_at"]


class OverrideSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField()

    class Meta:
        model = CalendarOverride
        fields = ["id", "date", "kind", "hours", "name", "name_en", "display_name", "source"]


class VersionCreateSerializer(serializers.Serializer):
    weekly = serializers.DictField(child=serializers.ListField(child=serializers.ListField(
        child=serializers.CharField(max_length=5), min_length=2, max_length=2), max_length=12))
    effective_from = StrictDateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OverrideSetSerializer(serializers.Serializer):
    date = StrictDateField()
    kind = serializers.ChoiceField(choices=CalendarOverride.Kind.choices)
    hours = serializers.ListField(child=serializers.ListField(
        child=serializers.CharField(max_length=5), min_length=2, max_length=2), max_length=12, default=list)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    name_en = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ImportSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2001, max_value=2100)


class SimulateSerializer(serializers.Serializer):
    calendar = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    start = serializers.CharField(max_length=40)
    minutes = serializers.IntegerField(min_value=0, max_value=MAX_SIMULATED_SECONDS // 60, required=False)
    hours = serializers.IntegerField(min_value=0, max_value=MAX_SIMULATED_SECONDS // 3600, required=False)
    days = serializers.IntegerField(min_value=0, max_value=MAX_SIMULATED_DAYS, required=False)
    end_of_day = serializers.BooleanField(default=False)

    def validate_start(self, value):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise serializers.ValidationError(_("Not a date-time; use ISO 8601, e.g. 2026-10-01T09:00:00+08:00."))
        if parsed.tzinfo is None:
            raise serializers.ValidationError(_("Give the time zone offset, e.g. 2026-10-01T09:00:00+08:00."))
        return parsed

    def validate(self, attrs):
        given = [k for k in ("minutes", "hours", "days") if k in attrs]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give exactly one of minutes, hours or days."))
        return attrs


class SimulationRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    start_local = serializers.CharField()
    end_local = serializers.CharField()
    seconds = serializers.IntegerField()
    minutes = serializers.FloatField()
    reason = serializers.CharField()
    holidays = serializers.ListField(child=serializers.CharField())

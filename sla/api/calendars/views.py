"""Calendar API: scoped reads for every staff member; writes (new weekly hours,
overrides, the statutory import) for service managers and admins — the services
answer anyone else with 403. Unknown or out-of-scope calendars are 404."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from slacenter.inputs import parse_int

from ...kernel_calendars import local_date
from ...selectors.calendars import calendar_get, calendar_list, calendar_overrides, calendar_versions, simulate_due
from ...services.calendars import (
    calendar_import_statutory,
    calendar_override_delete,
    calendar_override_set,
    calendar_version_create,
)
from .serializers import (
    CalendarSerializer,
    ImportSerializer,
    OverrideSerializer,
    OverrideSetSerializer,
    SimulateSerializer,
    SimulationRowSerializer,
    VersionCreateSerializer,
    VersionSerializer,
)


class CalendarListView(generics.ListAPIView):
    serializer_class = CalendarSerializer
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        return calendar_list(self.request.user)


def _year(request, calendar, now) -> int:
    raw = request.query_params.get("year")
    if raw is None:
        return local_date(calendar, now).year
    year = parse_int(raw, min_value=2001, max_value=2100)
    if year is None:
        raise ValidationError({"year": "2001-2100"})
    return year


class CalendarDetailView(APIView):
    @extend_schema(responses=CalendarSerializer)
    def get(self, request, pk):
        calendar = calendar_get(request.user, pk)
        year = _year(request, calendar, timezone.now())
        body = CalendarSerializer(calendar).data
        body["year"] = year
        body["versions"] = VersionSerializer(calendar_versions(calendar), many=True).data
        body["overrides"] = OverrideSerializer(calendar_overrides(calendar, year=year), many=True).data
        return Response(body)


class VersionCreateView(APIView):
    @extend_schema(request=VersionCreateSerializer, responses={201: VersionSerializer})
    def post(self, request, pk):
        calendar = calendar_get(request.user, pk)
        data = _valid(VersionCreateSerializer, request)
        version = calendar_version_create(calendar=calendar, actor=request.user, now=timezone.now(), **data)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class OverrideSetView(APIView):
    @extend_schema(request=OverrideSetSerializer, responses={201: OverrideSerializer})
    def post(self, request, pk):
        calendar = calendar_get(request.user, pk)
        data = _valid(OverrideSetSerializer, request)
        override = calendar_override_set(calendar=calendar, actor=request.user, now=timezone.now(), **data)
        return Response(OverrideSerializer(override).data, status=status.HTTP_201_CREATED)


class OverrideDeleteView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk, day):
        calendar = calendar_get(request.user, pk)
        calendar_override_delete(calendar=calendar, date=day, actor=request.user, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImportHolidaysView(APIView):
    @extend_schema(request=ImportSerializer, responses={200: dict})
    def post(self, request, pk):
        calendar = calendar_get(request.user, pk)
        data = _valid(ImportSerializer, request)
        summary = calendar_import_statutory(calendar=calendar, year=data["year"], actor=request.user,
                                            now=timezone.now())
        return Response(summary.as_dict())


class SimulateView(APIView):
    @extend_schema(request=SimulateSerializer, responses={200: dict})
    def post(self, request):
        data = _valid(SimulateSerializer, request)
        calendar = calendar_get(request.user, data["calendar"])
        if "days" in data:
            duration = {"days": data["days"], "end_of_day": data["end_of_day"]}
        else:
            duration = {"seconds": data.get("minutes", 0) * 60 + data.get("hours", 0) * 3600}
        result = simulate_due(calendar=calendar, start=data["start"], **duration)
        rows = [{**row, "start_local": row["start_local"].isoformat(), "end_local": row["end_local"].isoformat()}
                for row in result.explanation]
        return Response({
            "calendar": calendar.pk,
            "timezone": calendar.timezone,
            "due": result.due,
            "due_local": result.due_local().isoformat(),
            "working_seconds": result.working_seconds,
            "explanation": SimulationRowSerializer(rows, many=True).data,
            "truncated": result.truncated,
        })


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data

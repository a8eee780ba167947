"""API of the hotspots and the handling conformance (the same figures as the pages):
GET /api/v1/complaints/hotspots/, GET /api/v1/complaints/conformance/ (monthly),
GET /api/v1/complaints/<id>/conformance/ and POST /api/v1/complaints/<id>/recourse/.
Bad periods are 400; who may not see the figures gets 404."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.api.views.common import CONFLICT, ERROR, ID_PARAM

from .. import selectors
from ..permissions import can_see_hotspots
from ..selectors_conformance import conformance_of, monthly_conformance, parse_month
from ..selectors_hotspots import hotspots, parse_period, term_counts
from ..services.conformance import RECOURSE_MAX, complaint_recourse_record


class HotspotRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What the complaint list filters by (an id, or the tag).")
    name = serializers.CharField()
    current = serializers.IntegerField()
    previous = serializers.IntegerField()
    change = serializers.IntegerField()
    growth = serializers.FloatField(allow_null=True,
                                    help_text="Percent against the period before; null if it had none.")


class HotspotDimensionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["category", "root_cause", "department", "tag"])
    title = serializers.CharField()
    filter_param = serializers.CharField(help_text="The complaint list's filter for a row's key.")
    rows = HotspotRowSerializer(many=True, help_text="Top by count in the period.")
    risers = HotspotRowSerializer(many=True, help_text="Top by increase over the period before.")


class TermSerializer(serializers.Serializer):
    term = serializers.CharField()
    count = serializers.IntegerField(help_text="Complaints of the period whose text uses the term.")


class HotspotsSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="week or month.")
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(help_text="The first day after the period.")
    previous_label = serializers.CharField()
    total = HotspotRowSerializer()
    dimensions = HotspotDimensionSerializer(many=True)
    terms = TermSerializer(many=True)


class StepSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    at = serializers.DateTimeField(allow_null=True)
    due = serializers.DateTimeField(allow_null=True)
    status = serializers.ChoiceField(choices=["in_time", "late", "overdue", "missing", "pending"])
    status_label = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class ComplaintConformanceSerializer(serializers.Serializer):
    complaint = serializers.IntegerField()
    number = serializers.CharField()
    recourse_told_at = serializers.DateTimeField(allow_null=True)
    recourse_note = serializers.CharField(allow_blank=True)
    steps = StepSerializer(many=True)


class MonthStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    in_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    missing = serializers.IntegerField()
    pending = serializers.IntegerField()
    judged = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Percent in time of the judged; null if none judged.")


class MonthConformanceSerializer(serializers.Serializer):
    month = serializers.CharField()
    complaints = serializers.IntegerField()
    steps = MonthStepSerializer(many=True)


class RecourseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=RECOURSE_MAX, help_text="Which recourse was told, e.g. 12315.")


def _allowed(user):
    if not can_see_hotspots(user):
        raise Http404


class HotspotView(APIView):
    """Hotspots of a week or month against the period before, in the caller's scope."""

    @extend_schema(parameters=[
        OpenApiParameter("period", str, enum=["week", "month"], description="Default month."),
        OpenApiParameter("date", str, description="A day inside the period (2026-11-23) or a month (2026-11); "
                                                  "default today. A period not started yet is 400."),
    ], responses={200: HotspotsSerializer, 400: ERROR, 404: ERROR})
    def get(self, request):
        _allowed(request.user)
        today = timezone.localdate()
        period = parse_period(request.query_params.get("period"), request.query_params.get("date"), today=today)
        figures = hotspots(request.user, period)
        data = {
            "period": period.kind, "label": period.label, "start": period.start, "end": period.end,
            "previous_label": period.previous.label, "total": figures["total"],
            "dimensions": figures["dimensions"],
            "terms": [{"term": t, "count": n} for t, n in term_counts(request.user, period, today=today)],
        }
        return Response(HotspotsSerializer(data).data)


class MonthConformanceView(APIView):
    """Per ISO 10002 step, the share of the month's complaints that did it in time."""

    @extend_schema(operation_id="complaints_conformance_month",
                   parameters=[OpenApiParameter("month", str, description="2026-11; default this month.")],
                   responses={200: MonthConformanceSerializer, 400: ERROR, 404: ERROR})
    def get(self, request):
        _allowed(request.user)
        month = parse_month(request.query_params.get("month"), today=timezone.localdate())
        figures = monthly_conformance(request.user, month, now=timezone.now())
        figures["month"] = f"{month:%Y-%m}"
        return Response(MonthConformanceSerializer(figures).data)


def _conformance(complaint):
    return {"complaint": complaint.pk, "number": complaint.ticket.number,
            "recourse_told_at": complaint.recourse_told_at, "recourse_note": complaint.recourse_note,
            "steps": conformance_of(complaint, now=timezone.now())}


class ComplaintConformanceView(APIView):
    """Each step of one complaint with its time and whether it was in time."""

    @extend_schema(operation_id="complaints_conformance_detail", parameters=[ID_PARAM],
                   responses={200: ComplaintConformanceSerializer, 404: ERROR})
    def get(self, request, pk):
        complaint = selectors.complaint_get(request.user, pk)
        return Response(ComplaintConformanceSerializer(_conformance(complaint)).data)


class RecourseView(APIView):
    """Record that the customer was told of further recourse (e.g. 12315); after the final reply."""

    @extend_schema(parameters=[ID_PARAM], request=RecourseSerializer,
                   responses={200: ComplaintConformanceSerializer, 400: ERROR, 403: ERROR, 404: ERROR,
                              409: CONFLICT})
    def post(self, request, pk):
        complaint = selectors.complaint_get(request.user, pk)
        body = RecourseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_recourse_record(actor=request.user, complaint=complaint, note=body.validated_data["note"],
                                              now=timezone.now())
        return Response(ComplaintConformanceSerializer(_conformance(complaint)).data)

import django_filters as filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, parsers
from rest_framework.response import Response
from rest_framework.views import APIView

from slacenter.datetimes import DateTimeParamFilter

from ... import selectors_contacts as selectors
from ...models import ContactChannel, ContactKind, ContactRecord
from ...services.contact_files import contacts_import_file
from ...services.contacts import contacts_import
from ..views.common import ERROR, ID_PARAM
from .serializers import (
    AgentDayFigureSerializer,
    ContactDetailSerializer,
    ContactImportFileSerializer,
    ContactImportSerializer,
    ContactRecordSerializer,
    FigureQuerySerializer,
    ImportResultSerializer,
    IntervalFigureSerializer,
)


class ContactFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ContactKind.choices)
    channel = filters.ChoiceFilter(choices=ContactChannel.choices)
    queue = filters.CharFilter(max_length=50)
    agent = filters.NumberFilter(field_name="agent_id", min_value=1)
    ticket = filters.NumberFilter(field_name="ticket_id", min_value=1)
    source = filters.CharFilter(max_length=30)
    external_id = filters.CharFilter(max_length=64)
    offered_after = DateTimeParamFilter(field_name="offered_at", lookup_expr="gte")
    offered_before = DateTimeParamFilter(field_name="offered_at", lookup_expr="lt")
    abandoned = filters.BooleanFilter(field_name="answered_at", lookup_expr="isnull")

    class Meta:
        model = ContactRecord
        fields = []


class ContactListView(generics.ListAPIView):
    serializer_class = ContactRecordSerializer
    filterset_class = ContactFilter
    ordering_fields = ["offered_at", "id"]

    def get_queryset(self):
        return selectors.contact_list(self.request.user)


class ContactDetailView(generics.RetrieveAPIView):
    serializer_class = ContactDetailSerializer

    @extend_schema(parameters=[ID_PARAM])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.contact_list(self.request.user).prefetch_related("messages")


class ContactImportView(APIView):
    """Bulk, idempotent intake. All rows are validated; any bad row → 400 with
    `errors` [{row, column, message}] and nothing is written."""

    @extend_schema(request=ContactImportSerializer, responses={200: ImportResultSerializer, 400: ERROR, 403: ERROR})
    def post(self, request):
        body = ContactImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = contacts_import(rows=body.validated_data["records"], source=body.validated_data.get("source"),
                                 actor=request.user, now=timezone.now())
        return Response(result.as_dict())


class ContactImportFileView(APIView):
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(request={"multipart/form-data": ContactImportFileSerializer},
                   responses={200: ImportResultSerializer, 400: ERROR, 403: ERROR})
    def post(self, request):
        body = ContactImportFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        result = contacts_import_file(name=upload.name, data=upload.read(), source=body.validated_data.get("source"),
                                      actor=request.user, now=timezone.now())
        return Response(result.as_dict())


def _query(request):
    query = FigureQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    contacts = selectors.contact_scope(request.user)
    if "agent" in data:
        contacts = contacts.filter(agent_id=data["agent"])
    return contacts, data


class AgentFiguresView(APIView):
    @extend_schema(parameters=[FigureQuerySerializer], responses=AgentDayFigureSerializer(many=True))
    def get(self, request):
        contacts, data = _query(request)
        rows = selectors.agent_daily_figures(contacts, data["start"], data["end"])
        return Response(AgentDayFigureSerializer(rows, many=True).data)


class IntervalFiguresView(APIView):
    @extend_schema(parameters=[FigureQuerySerializer], responses=IntervalFigureSerializer(many=True))
    def get(self, request):
        contacts, data = _query(request)
        rows = selectors.interval_figures(contacts, data["start"], data["end"], minutes=int(data["minutes"]),
                                          threshold=data["threshold"])
        for row in rows:
            row["start"] = row["start"].isoformat()
        return Response(IntervalFigureSerializer(rows, many=True).data)

"""API of batch incidents and root-cause findings: scoped lists and details, one
command endpoint per operation (each calls one service): /api/v1/incidents/…,
/api/v1/findings/… and /api/v1/complaints/<id>/finding/."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.api.views.common import CONFLICT, ERROR, ID_PARAM
from tickets.models import Department
from tickets.selectors import department_list

from .. import selectors
from ..models import ComplaintFinding, FindingStatus, Incident, IncidentLink, IncidentStatus, RootCause
from ..selectors_accountability import finding_get, finding_scope
from ..selectors_incidents import incident_get, incident_scope
from ..services import accountability as acc
from ..services import incidents as inc
from .serializers import EmptyBody


class IncidentSerializer(serializers.ModelSerializer):
    linked = serializers.IntegerField(read_only=True)
    suggested = serializers.IntegerField(read_only=True)

    class Meta:
        model = Incident
        fields = ("id", "title", "status", "category", "tag", "responsible_department", "is_major", "major_reasons",
                  "opened_at", "confirmed_at", "dismissed_at", "resolved_at", "resolution", "linked", "suggested")


class FindingSerializer(serializers.ModelSerializer):
    root_cause = serializers.SlugRelatedField(slug_field="code", read_only=True)
    ticket_number = serializers.CharField(source="complaint.ticket.number", read_only=True)

    class Meta:
        model = ComplaintFinding
        fields = ("id", "complaint", "ticket_number", "root_cause", "responsible_department", "responsible_person",
                  "note", "status", "recorded_at", "respond_by", "answered_at", "dispute_reason", "decision_reason",
                  "decided_at")


class IncidentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=IncidentStatus.choices)
    is_major = filters.BooleanFilter()

    class Meta:
        model = Incident
        fields = ("status", "is_major")


class FindingFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=FindingStatus.choices)
    department = filters.NumberFilter(field_name="responsible_department_id")
    root_cause = filters.CharFilter(field_name="root_cause__code", max_length=40)
    month = filters.CharFilter(method="filter_month", max_length=7, help_text="Recorded in this month (YYYY-MM).")

    class Meta:
        model = ComplaintFinding
        fields = ("status", "department", "root_cause", "month")

    def filter_month(self, queryset, name, value):
        from rest_framework.exceptions import ValidationError

        from ..selectors_accountability import month_bounds

        bounds = month_bounds(value)
        if bounds is None:
            raise ValidationError({"month": "Give the month as YYYY-MM."})
        return queryset.filter(recorded_at__gte=bounds[0], recorded_at__lt=bounds[1])


class IncidentListView(generics.ListAPIView):
    """Batch incidents in the user's scope (newest first)."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter

    def get_queryset(self):
        return incident_scope(self.request.user)


class FindingListView(generics.ListAPIView):
    """Root-cause findings in the user's scope (a department sees its own)."""

    serializer_class = FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self):
        return finding_scope(self.request.user)


@extend_schema(parameters=[ID_PARAM], responses={200: FindingSerializer, 404: ERROR})
class FindingDetailView(generics.GenericAPIView):
    serializer_class = FindingSerializer

    def get(self, request, pk):
        return Response(FindingSerializer(finding_get(request.user, pk)).data)


@extend_schema(parameters=[ID_PARAM], responses={200: IncidentSerializer, 404: ERROR})
class IncidentDetailView(generics.GenericAPIView):
    serializer_class = IncidentSerializer

    def get(self, request, pk):
        return Response(IncidentSerializer(incident_get(request.user, pk)).data)


class ConfirmBody(serializers.Serializer):
    responsible_department = serializers.IntegerField(required=False)
    major_reasons = serializers.ListField(child=serializers.ChoiceField(choices=inc.MAJOR_REASONS), required=False)


class ReasonBody(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class BroadcastBody(serializers.Serializer):
    body = serializers.CharField(max_length=2000)
    key = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                help_text="Idempotency key: the same key sends nothing twice.")


class ResolveBody(serializers.Serializer):
    resolution = serializers.CharField(max_length=4000)


class LinkBody(serializers.Serializer):
    complaint = serializers.IntegerField()
    accept = serializers.BooleanField(default=True)


class FindingBody(serializers.Serializer):
    root_cause = serializers.SlugField(max_length=40)
    responsible_department = serializers.IntegerField()
    responsible_person = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class DecideBody(serializers.Serializer):
    uphold = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, allow_blank=True)


def _command(body_serializer, description, *, target="incident"):
    def wrap(handle):
        out = IncidentSerializer if target == "incident" else FindingSerializer

        @extend_schema(parameters=[ID_PARAM], request=body_serializer, description=description,
                       responses={200: out, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT})
        def post(self, request, pk):
            obj = incident_get(request.user, pk) if target == "incident" else (
                finding_get(request.user, pk) if target == "finding" else selectors.complaint_get(request.user, pk))
            body = body_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            result = handle(request, obj, body.validated_data, timezone.now())
            if target == "incident":
                return Response(IncidentSerializer(incident_get(request.user, result.pk)).data)
            return Response(FindingSerializer(result).data)

        return type(handle.__name__, (APIView,), {"post": post, "__doc__": description})

    return wrap


def _department(pk):
    return get_object_or_404(department_list(), pk=pk) if pk is not None else None


@_command(ConfirmBody, "Confirm a suspected incident (it becomes the master; matching complaints are suggested).")
def IncidentConfirmView(request, incident, data, now):  # noqa: N802 - a view class
    return inc.incident_confirm(actor=request.user, incident=incident, now=now,
                                responsible_department=_department(data.get("responsible_department")),
                                major_reasons=data.get("major_reasons", ()))


@_command(ReasonBody, "Dismiss a suspected incident, with a reason.")
def IncidentDismissView(request, incident, data, now):  # noqa: N802
    return inc.incident_dismiss(actor=request.user, incident=incident, reason=data["reason"], now=now)


@_command(LinkBody, "Link (or decline) a complaint as a child of the confirmed incident.")
def IncidentLinkView(request, incident, data, now):  # noqa: N802
    complaint = selectors.complaint_get(request.user, data["complaint"])
    if data["accept"]:
        inc.incident_link_add(actor=request.user, incident=incident, complaint=complaint, now=now)
    else:
        link = get_object_or_404(IncidentLink, incident=incident, complaint=complaint)
        inc.incident_link_decide(actor=request.user, link=link, accept=False, now=now)
    return incident


@_command(BroadcastBody, "A stage reply to every linked customer (one message each, once per key).")
def IncidentBroadcastView(request, incident, data, now):  # noqa: N802
    inc.incident_broadcast(actor=request.user, incident=incident, now=now, **data)
    return incident


@_command(ResolveBody, "Resolve the incident: every linked child gets the final reply and its callback.")
def IncidentResolveView(request, incident, data, now):  # noqa: N802
    return inc.incident_resolve(actor=request.user, incident=incident, resolution=data["resolution"], now=now)


@_command(FindingBody, "Record the complaint's root cause and responsibility.", target="complaint")
def FindingRecordView(request, complaint, data, now):  # noqa: N802
    from django.contrib.auth import get_user_model

    cause = get_object_or_404(RootCause, code=data["root_cause"])
    department = get_object_or_404(Department, pk=data["responsible_department"])
    person = (get_object_or_404(get_user_model(), pk=data["responsible_person"], is_active=True)
              if data.get("responsible_person") else None)
    return acc.finding_record(actor=request.user, complaint=complaint, root_cause=cause,
                              responsible_department=department, responsible_person=person,
                              note=data.get("note", ""), now=now)


@_command(EmptyBody, "The responsible department's head confirms the finding.", target="finding")
def FindingConfirmView(request, finding, data, now):  # noqa: N802
    return acc.finding_confirm(actor=request.user, finding=finding, now=now)


@_command(ReasonBody, "The responsible department's head disputes the finding, with a reason.", target="finding")
def FindingDisputeView(request, finding, data, now):  # noqa: N802
    return acc.finding_dispute(actor=request.user, finding=finding, reason=data["reason"], now=now)


@_command(DecideBody, "The service manager upholds or overturns a disputed finding, with a reason.",
          target="finding")
def FindingDecideView(request, finding, data, now):  # noqa: N802
    return acc.finding_decide(actor=request.user, finding=finding, now=now, **data)

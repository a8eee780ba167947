"""API of joint consultations: the scoped list and detail (each invited department
with its findings and its reply clock), and one command endpoint per operation, each
calling one service: convene on a complaint, answer an invite, conclude.

/api/v1/consultations/…, /api/v1/consultation-invites/<id>/answer/ and
/api/v1/complaints/<id>/consultations/."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from slacenter.errors import DomainError
from tickets import limits
from tickets.api.views.common import CONFLICT, ERROR, ID_PARAM
from tickets.selectors import department_list

from .. import selectors
from ..models import Consultation, ConsultationInvite, ConsultationStatus
from ..selectors_consultations import consultation_get, consultation_scope, invite_get, with_reply_clocks
from ..services import consultations as svc


class ReplyClockSerializer(serializers.Serializer):
    """The invited department's consultation reply SLA clock (on its own calendar)."""

    state = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    warn_at = serializers.DateTimeField(allow_null=True)
    stopped_at = serializers.DateTimeField(allow_null=True)
    breached_at = serializers.DateTimeField(allow_null=True)
    calendar = serializers.IntegerField(source="calendar_id", allow_null=True)


class InviteSerializer(serializers.ModelSerializer):
    department_code = serializers.CharField(source="department.code", read_only=True)
    reply_clock = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationInvite
        fields = ("id", "department", "department_code", "findings", "answered_by", "answered_at", "reply_clock")

    @extend_schema_field(ReplyClockSerializer(allow_null=True))
    def get_reply_clock(self, invite):
        clock = getattr(invite, "reply_clock", None)
        return ReplyClockSerializer(clock).data if clock is not None else None


class ConsultationSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    invites = InviteSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = ("id", "ticket", "ticket_number", "question", "deadline", "status", "convened_by", "created_at",
                  "invites", "owning_department", "cause", "action_plan", "concluded_at")


class ConsultationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ConsultationStatus.choices)

    class Meta:
        model = Consultation
        fields = ("status",)


class ConsultationListView(generics.ListAPIView):
    """Joint consultations in the user's scope, newest first (a department sees the
    ones it is invited to, while their ticket is visible to it)."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter

    def get_queryset(self):
        return consultation_scope(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_reply_clocks(page) if page is not None else None


def _detail(user, pk) -> dict:
    return ConsultationSerializer(with_reply_clocks([consultation_get(user, pk)])[0]).data


@extend_schema(parameters=[ID_PARAM], responses={200: ConsultationSerializer, 404: ERROR})
class ConsultationDetailView(generics.GenericAPIView):
    serializer_class = ConsultationSerializer

    def get(self, request, pk):
        return Response(_detail(request.user, pk))


class ConveneBody(serializers.Serializer):
    departments = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=20,
                                        help_text="Ids of the business departments to consult.")
    question = serializers.CharField(max_length=limits.TRANSFER_TEXT)
    deadline = serializers.DateTimeField(help_text="When every department's findings are due (in the future).")


class AnswerBody(serializers.Serializer):
    findings = serializers.CharField(max_length=limits.TRANSFER_TEXT)


class ConcludeBody(serializers.Serializer):
    owning_department = serializers.IntegerField(min_value=1)
    cause = serializers.CharField(max_length=limits.TRANSFER_TEXT)
    action_plan = serializers.CharField(max_length=limits.TRANSFER_TEXT)


def _departments(ids, field="departments") -> list:
    """Active departments by id; an unknown one is bad input (400), not a missing page."""
    wanted = set(ids)
    found = list(department_list().filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise DomainError(_("Unknown or inactive department."), field=field)
    return found


class ConveneView(APIView):
    @extend_schema(parameters=[ID_PARAM], request=ConveneBody,
                   description="Convene a joint consultation on the complaint (its handler or a team lead): each "
                               "department gets the question and a reply clock on its own calendar.",
                   responses={201: ConsultationSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT})
    def post(self, request, pk):
        complaint = selectors.complaint_get(request.user, pk)
        body = ConveneBody(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        consultation = svc.consultation_convene(actor=request.user, ticket=complaint.ticket,
                                                departments=_departments(data["departments"]),
                                                question=data["question"], deadline=data["deadline"],
                                                now=timezone.now())
        return Response(_detail(request.user, consultation.pk), status=status.HTTP_201_CREATED)


class AnswerView(APIView):
    @extend_schema(parameters=[ID_PARAM], request=AnswerBody,
                   description="A member of the invited department gives its findings (meets its reply clock).",
                   responses={200: ConsultationSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT})
    def post(self, request, pk):
        invite = invite_get(request.user, pk)
        body = AnswerBody(data=request.data)
        body.is_valid(raise_exception=True)
        svc.consultation_answer(actor=request.user, invite=invite, findings=body.validated_data["findings"],
                                now=timezone.now())
        return Response(_detail(request.user, invite.consultation_id))


class ConcludeView(APIView):
    @extend_schema(parameters=[ID_PARAM], request=ConcludeBody,
                   description="The lead records the conclusion: the owning department, the cause and the action "
                               "plan. Open reply clocks stop; the invited departments no longer see the ticket.",
                   responses={200: ConsultationSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT})
    def post(self, request, pk):
        consultation = consultation_get(request.user, pk)
        body = ConcludeBody(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        owner = _departments([data["owning_department"]], field="owning_department")[0]
        svc.consultation_conclude(actor=request.user, consultation=consultation, owning_department=owner,
                                  cause=data["cause"], action_plan=data["action_plan"], now=timezone.now())
        return Response(_detail(request.user, consultation.pk))

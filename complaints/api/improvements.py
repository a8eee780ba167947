"""API of improvement actions (整改) under /api/v1/improvements/: the scoped list (status,
department, overdue filters) and detail, propose (POST on the list), and one command
endpoint per move (accept, reject with a reason, complete, verify), each one service
call. Scope is `selectors_improvements` (404 outside); rules are the services' (403/409)."""

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.api.views.common import CONFLICT, ERROR, ID_PARAM
from tickets.models import Category, Department

from ..models import ImprovementAction, ImprovementStatus, RootCause
from ..selectors_improvements import OPEN, improvement_get, improvement_scope, is_overdue
from ..services import improvements as svc
from .serializers import EmptyBody


class ImprovementSerializer(serializers.ModelSerializer):
    root_cause = serializers.SlugRelatedField(slug_field="code", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ImprovementAction
        fields = ("id", "department", "category", "root_cause", "suggestion", "due_at", "status", "overdue",
                  "reject_reason", "count_before", "count_after", "created_at", "accepted_at", "done_at",
                  "verified_at", "escalated_at")

    def get_overdue(self, action) -> bool:
        return is_overdue(action, self.context.get("now") or timezone.now())


class ImprovementFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ImprovementStatus.choices)
    department = filters.NumberFilter(field_name="department_id")
    overdue = filters.BooleanFilter(method="filter_overdue", help_text="Still open past the due date.")

    class Meta:
        model = ImprovementAction
        fields = ("status", "department", "overdue")

    def filter_overdue(self, queryset, name, value):
        open_late = {"status__in": OPEN, "due_at__lte": timezone.now()}
        return queryset.filter(**open_late) if value else queryset.exclude(**open_late)


class ProposeBody(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    suggestion = serializers.CharField(max_length=4000)
    due_at = serializers.DateTimeField()
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.filter(is_active=True), required=False,
                                                  allow_null=True)
    root_cause = serializers.SlugRelatedField(slug_field="code", queryset=RootCause.objects.filter(is_active=True),
                                              required=False, allow_null=True)


class RejectBody(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ImprovementListView(generics.ListAPIView):
    """Improvement actions in the user's scope (a department sees its own), by due date;
    POST proposes one (team leads and managers)."""

    serializer_class = ImprovementSerializer
    filterset_class = ImprovementFilter

    def get_queryset(self):
        return improvement_scope(self.request.user).order_by("due_at", "id")

    @extend_schema(request=ProposeBody, responses={201: ImprovementSerializer, 400: ERROR, 403: ERROR})
    def post(self, request):
        body = ProposeBody(data=request.data)
        body.is_valid(raise_exception=True)
        action = svc.improvement_propose(actor=request.user, now=timezone.now(), **body.validated_data)
        return Response(ImprovementSerializer(action).data, status=201)


@extend_schema(parameters=[ID_PARAM], responses={200: ImprovementSerializer, 404: ERROR})
class ImprovementDetailView(generics.GenericAPIView):
    serializer_class = ImprovementSerializer

    def get(self, request, pk):
        return Response(ImprovementSerializer(improvement_get(request.user, pk)).data)


def _command(body_serializer, description):
    def wrap(handle):
        @extend_schema(parameters=[ID_PARAM], request=body_serializer, description=description,
                       responses={200: ImprovementSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT})
        def post(self, request, pk):
            action = improvement_get(request.user, pk)
            body = body_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            result = handle(request, action, body.validated_data, timezone.now())
            return Response(ImprovementSerializer(result).data)

        return type(handle.__name__, (APIView,), {"post": post, "__doc__": description})

    return wrap


@_command(EmptyBody, "The department accepts the improvement action.")
def ImprovementAcceptView(request, action, data, now):  # noqa: N802 - a view class
    return svc.improvement_answer(actor=request.user, action=action, accept=True, now=now)


@_command(RejectBody, "The department rejects the improvement action, with a reason.")
def ImprovementRejectView(request, action, data, now):  # noqa: N802
    return svc.improvement_answer(actor=request.user, action=action, accept=False, reason=data["reason"], now=now)


@_command(EmptyBody, "The department marks the accepted action done.")
def ImprovementCompleteView(request, action, data, now):  # noqa: N802
    return svc.improvement_complete(actor=request.user, action=action, now=now)


@_command(EmptyBody, "The service center verifies the done action; the category's complaint counts before and "
          "after are recorded.")
def ImprovementVerifyView(request, action, data, now):  # noqa: N802
    return svc.improvement_verify(actor=request.user, action=action, now=now)

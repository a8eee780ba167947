"""Clocks API: policies (read for staff; write for service managers and admins,
through the policy services), clocks and breaches scoped by their ticket's
visibility (out of scope = 404)."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from sla.models import TicketClock
from sla.selectors.clocks import breach_scope, clock_scope, policy_list, ticket_clocks
from sla.services.policies import policy_create, policy_update
from slacenter.datetimes import DateTimeParamFilter
from tickets.permissions import role_of
from tickets.selectors import ticket_get

from .serializers import BreachSerializer, ClockSerializer, PolicySerializer, PolicyWriteSerializer


def _staff_only(user):
    if role_of(user) is None:
        raise NotFound


class PolicyListView(generics.ListCreateAPIView):
    serializer_class = PolicySerializer
    ordering_fields = ["id", "metric", "rank"]
    filterset_fields = ["metric", "is_active"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return policy_list().none()
        _staff_only(self.request.user)
        return policy_list().order_by("metric", "-rank", "id")

    def create(self, request, *args, **kwargs):
        _staff_only(request.user)
        data = PolicyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        policy = policy_create(actor=request.user, now=timezone.now(), **data.validated_data)
        return Response(PolicySerializer(policy).data, status=status.HTTP_201_CREATED)


class PolicyDetailView(generics.GenericAPIView):
    serializer_class = PolicySerializer

    @extend_schema(responses=PolicySerializer)
    def get(self, request, pk):
        _staff_only(request.user)
        return Response(PolicySerializer(generics.get_object_or_404(policy_list(), pk=pk)).data)

    @extend_schema(request=PolicyWriteSerializer, responses=PolicySerializer)
    def patch(self, request, pk):
        _staff_only(request.user)
        policy = generics.get_object_or_404(policy_list(), pk=pk)
        data = PolicyWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        policy = policy_update(policy=policy, actor=request.user, now=timezone.now(), **data.validated_data)
        return Response(PolicySerializer(policy).data)


class ClockFilter(django_filters.FilterSet):
    due_before = DateTimeParamFilter(field_name="due_at", lookup_expr="lte")

    class Meta:
        model = TicketClock
        fields = ["metric", "state", "ticket", "responsible_department"]


class ClockListView(generics.ListAPIView):
    serializer_class = ClockSerializer
    filterset_class = ClockFilter
    ordering_fields = ["due_at", "started_at", "id"]
    ordering = ["due_at", "id"]

    def get_queryset(self):
        return clock_scope(self.request.user)


class ClockDetailView(generics.RetrieveAPIView):
    serializer_class = ClockSerializer

    def get_queryset(self):
        return clock_scope(self.request.user)


class BreachListView(generics.ListAPIView):
    serializer_class = BreachSerializer
    filterset_fields = ["metric", "department", "person", "ticket"]
    ordering_fields = ["breached_at", "id"]
    ordering = ["-breached_at", "-id"]

    def get_queryset(self):
        return breach_scope(self.request.user)


class TicketClocksView(generics.GenericAPIView):
    serializer_class = ClockSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(responses=ClockSerializer(many=True))
    def get(self, request, pk):
        ticket = ticket_get(request.user, pk)  # out of scope: 404
        return Response(ClockSerializer(ticket_clocks(ticket).select_related("ticket"), many=True).data)


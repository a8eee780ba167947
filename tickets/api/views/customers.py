"""Customers: search, detail, create, update and the unified ticket history."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from slacenter.api import CappedCountPagination
from slacenter.errors import DomainError

from ... import selectors, services
from ...filters import CustomerFilter, TicketFilter
from ...models import Ticket
from ...permissions import can_work_tickets
from ..serializers import (
    CustomerDetailSerializer,
    CustomerListSerializer,
    CustomerMaskedDetailSerializer,
    CustomerWriteSerializer,
    TicketListSerializer,
)
from .common import ERROR, ID_PARAM
from .tickets import TICKET_ORDERING_FIELDS


def _require_worker(user) -> None:
    # customer_create/customer_update take no actor, so the role check has to be
    # made at this edge until they do.
    if not can_work_tickets(user):
        raise DomainError(_("Only service-center staff can edit customers."), code="forbidden", status=403)


def _detail(request, customer, status=200) -> Response:
    serializer = CustomerDetailSerializer if can_work_tickets(request.user) else CustomerMaskedDetailSerializer
    return Response(serializer(customer).data, status=status)


class CustomerListCreateView(generics.ListAPIView):
    serializer_class = CustomerListSerializer
    filterset_class = CustomerFilter
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        return selectors.customer_scope(self.request.user)

    @extend_schema(request=CustomerWriteSerializer, responses={201: CustomerDetailSerializer, 400: ERROR, 403: ERROR})
    def post(self, request):
        _require_worker(request.user)
        body = CustomerWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        customer = services.customer_create(**body.validated_data)
        return _detail(request, customer, status=201)


@extend_schema(parameters=[ID_PARAM])
class CustomerDetailView(generics.GenericAPIView):
    serializer_class = CustomerDetailSerializer

    def get_queryset(self):
        return selectors.customer_scope(self.request.user)

    @extend_schema(responses={200: CustomerDetailSerializer, 404: ERROR},
                   description="Full phone for service-center staff, masked for everyone else.")
    def get(self, request, pk):
        return _detail(request, selectors.customer_get(request.user, pk))

    @extend_schema(request=CustomerWriteSerializer, responses={200: CustomerDetailSerializer, 400: ERROR, 403: ERROR})
    def patch(self, request, pk):
        customer = selectors.customer_get(request.user, pk)
        _require_worker(request.user)
        body = CustomerWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        customer = services.customer_update(customer=customer, **body.validated_data)
        return _detail(request, customer)


@extend_schema(parameters=[ID_PARAM])
class CustomerTicketsView(generics.ListAPIView):
    """Every ticket of the customer, across channels, as far as the user's scope reaches."""

    serializer_class = TicketListSerializer
    filterset_class = TicketFilter
    pagination_class = CappedCountPagination
    ordering_fields = TICKET_ORDERING_FIELDS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        user = self.request.user
        return selectors.customer_history(user, selectors.customer_get(user, self.kwargs["pk"]))

"""Ticket list, create, detail and descriptive update."""

from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from slacenter.api import CappedCountPagination

from ... import selectors, services
from ...filters import TicketFilter
from ..serializers import (
    TicketCreateSerializer,
    TicketDetailSerializer,
    TicketListSerializer,
    TicketUpdateSerializer,
    ticket_row_representation,
)
from .common import ERROR, ID_PARAM, ticket_created_response, ticket_detail_data, ticket_detail_response

TICKET_ORDERING_FIELDS = ["created_at", "updated_at", "priority", "status", "number"]


class TicketListCreateView(generics.ListAPIView):
    """Tickets in the user's scope, filtered and ordered; POST opens a ticket."""

    serializer_class = TicketListSerializer
    filterset_class = TicketFilter
    pagination_class = CappedCountPagination  # an exact count over a scope of a million tickets costs seconds
    ordering_fields = TICKET_ORDERING_FIELDS
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.ticket_scope(self.request.user)

    page_rows = staticmethod(selectors.ticket_rows)  # a page is read as values (CappedCountPagination)

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        language = get_language()
        return self.get_paginated_response([ticket_row_representation(row, language) for row in rows])

    @extend_schema(
        request=TicketCreateSerializer,
        responses={201: TicketDetailSerializer, 400: ERROR, 403: ERROR},
        description="Open a ticket. Status, number and responsible department are set by the service; "
        "naming them in the body is a 400.",
    )
    def post(self, request):
        body = TicketCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        ticket = services.ticket_create(actor=request.user, now=timezone.now(), **body.validated_data)
        return ticket_created_response(request, ticket)


@extend_schema(parameters=[ID_PARAM])
class TicketDetailView(generics.GenericAPIView):
    serializer_class = TicketDetailSerializer

    def get_queryset(self):
        return selectors.ticket_list(self.request.user)

    @extend_schema(responses={200: TicketDetailSerializer, 404: ERROR})
    def get(self, request, pk):
        ticket = selectors.ticket_get_shown(request.user, pk)
        return Response(ticket_detail_data(request, ticket))

    @extend_schema(
        request=TicketUpdateSerializer,
        responses={200: TicketDetailSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
        description="Change descriptive fields. Status, number and department are not writable here (400).",
    )
    def patch(self, request, pk):
        ticket = selectors.ticket_get(request.user, pk)
        body = TicketUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        reason = changes.pop("reason", "")
        services.ticket_update(ticket=ticket, actor=request.user, reason=reason, now=timezone.now(), **changes)
        return ticket_detail_response(request, ticket.pk)

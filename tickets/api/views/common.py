"""Helpers shared by the ticket API views."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from slacenter.api_schema import ErrorSerializer

from ... import selectors
from ..serializers import TicketDetailSerializer

# Ids come through the `id` path converter (huge or non-numeric ids are a 404).
ID_PARAM = OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH)

ERROR = ErrorSerializer  # the one error shape of the API
CONFLICT = inline_serializer(
    "TransitionConflict",
    fields={
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "status_now": serializers.CharField(),
        "allowed": serializers.ListField(child=serializers.CharField()),
    },
)


def ticket_detail_data(request, ticket) -> dict:
    """The detail representation of a ticket read by `selectors.ticket_get_shown`, its
    history read through the selectors (lists the ticket has none of are not read)."""
    user = request.user
    context = {
        "request": request,
        "events": selectors.ticket_events_for(user, ticket),
        # The API lists attachments apart (each names its comment): no prefetch per comment.
        "comments": selectors.ticket_comments(user, ticket, with_attachments=False) if ticket.has_comments else [],
        "transfers": selectors.ticket_transfers_for(user, ticket) if ticket.has_transfers else [],
        "attachments": (ticket.attachments.select_related("uploaded_by").order_by("created_at", "id")
                        if ticket.has_attachments else []),
    }
    return TicketDetailSerializer(ticket, context=context).data


def ticket_created_response(request, ticket) -> Response:
    """201 with the detail of a ticket the request has just opened, from what is in
    memory: a new ticket has its one `created` event and no comments, transfers or
    attachments, so only the event is read back (no re-read of the ticket)."""
    context = {"request": request, "events": selectors.ticket_events_for(request.user, ticket),
               "comments": [], "transfers": [], "attachments": []}
    return Response(TicketDetailSerializer(ticket, context=context).data, status=201)


def ticket_detail_response(request, pk, status=200) -> Response:
    """Re-read the ticket in the user's scope after a command and answer with it."""
    ticket = selectors.ticket_get_shown(request.user, pk)
    return Response(ticket_detail_data(request, ticket), status=status)

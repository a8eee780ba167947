"""One command endpoint per ticket operation: parse the body, call one service,
answer with the ticket (or the created row). Rules and their 403/409 are the
services'; scope (404) is the selectors'."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors, services
from ..serializers import (
    AssignSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    CommentUploadSerializer,
    TicketDetailSerializer,
    TransferCreateSerializer,
    TransferSerializer,
    TransitionSerializer,
)
from .common import CONFLICT, ERROR, ID_PARAM, ticket_detail_response


@extend_schema(
    parameters=[ID_PARAM],
    request=AssignSerializer,
    responses={200: TicketDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
    description="Assign the ticket to a service-center user, or unassign it with null.",
)
class TicketAssignView(APIView):
    def post(self, request, pk):
        ticket = selectors.ticket_get(request.user, pk)
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.ticket_assign(
            ticket=ticket, actor=request.user, assignee=body.validated_data["assignee"], now=timezone.now()
        )
        return ticket_detail_response(request, pk)


@extend_schema(
    parameters=[ID_PARAM],
    request=TransitionSerializer,
    responses={200: TicketDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT},
    description="Move the ticket by a workflow action (see `allowed_actions` on the ticket). An illegal "
    "move is a 409 listing the allowed actions.",
)
class TicketTransitionView(APIView):
    def post(self, request, pk):
        ticket = selectors.ticket_get(request.user, pk)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.ticket_transition(ticket=ticket, actor=request.user, now=timezone.now(), **body.validated_data)
        return ticket_detail_response(request, pk)


@extend_schema(
    parameters=[ID_PARAM],
    request={"application/json": CommentCreateSerializer, "multipart/form-data": CommentUploadSerializer},
    responses={201: CommentSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 413: ERROR},
    description="Add an internal note or a reply to the customer; as multipart, with a file (field `file`) "
    "saved together with the message or not at all.",
)
class TicketCommentView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request, pk):
        ticket = selectors.ticket_get(request.user, pk)
        body = CommentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        comment = services.comment_add(ticket=ticket, actor=request.user, uploaded_file=data.pop("file", None),
                                       now=timezone.now(), **data)
        return Response(CommentSerializer(comment).data, status=201)


@extend_schema(
    parameters=[ID_PARAM],
    request=TransferCreateSerializer,
    responses={201: TransferSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    description="Hand a question about the ticket to a business department.",
)
class TicketTransferView(APIView):
    def post(self, request, pk):
        ticket = selectors.ticket_get(request.user, pk)
        body = TransferCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        transfer = services.transfer_create(
            ticket=ticket, actor=request.user, now=timezone.now(), **body.validated_data
        )
        transfer = selectors.transfer_get(request.user, transfer.pk)  # with its `in_full` decision
        return Response(TransferSerializer(transfer).data, status=201)


@extend_schema(
    parameters=[ID_PARAM],
    request={"multipart/form-data": AttachmentUploadSerializer},
    responses={201: AttachmentSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 413: ERROR},
    description="Upload one file (multipart field `file`). Type, size and content are checked.",
)
class TicketAttachmentView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, pk):
        ticket = selectors.ticket_get(request.user, pk)
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            ticket=ticket, actor=request.user, uploaded_file=body.validated_data["file"], now=timezone.now()
        )
        return Response(AttachmentSerializer(attachment, context={"request": request}).data, status=201)

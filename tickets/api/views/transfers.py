"""The department inbox of transfers, the department's two answers and the service
center's rating of an answer."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors, services
from ...filters import TransferFilter
from ..serializers import (
    TransferAnswerSerializer,
    TransferBounceSerializer,
    TransferInboxSerializer,
    TransferRateSerializer,
)
from .common import ERROR, ID_PARAM


class TransferInboxView(generics.ListAPIView):
    """Transfers to the user's department (all of them for center-wide roles), open
    ones first."""

    serializer_class = TransferInboxSerializer
    filterset_class = TransferFilter
    ordering_fields = ["requested_at", "answered_at", "status"]

    def get_queryset(self):
        return selectors.transfer_inbox(self.request.user)


def _answer_response(request, transfer) -> Response:
    transfer = selectors.transfer_get(request.user, transfer.pk)
    return Response(TransferInboxSerializer(transfer).data)


@extend_schema(
    parameters=[ID_PARAM],
    request=TransferAnswerSerializer,
    responses={200: TransferInboxSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    description="The receiving department answers the question.",
)
class TransferAnswerView(APIView):
    def post(self, request, pk):
        transfer = selectors.transfer_get(request.user, pk)
        body = TransferAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.transfer_answer(transfer=transfer, actor=request.user, now=timezone.now(), **body.validated_data)
        return _answer_response(request, transfer)


@extend_schema(
    parameters=[ID_PARAM],
    request=TransferBounceSerializer,
    responses={200: TransferInboxSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    description="The receiving department sends the question back with a reason.",
)
class TransferBounceView(APIView):
    def post(self, request, pk):
        transfer = selectors.transfer_get(request.user, pk)
        body = TransferBounceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.transfer_bounce(transfer=transfer, actor=request.user, now=timezone.now(), **body.validated_data)
        return _answer_response(request, transfer)


@extend_schema(
    parameters=[ID_PARAM],
    request=TransferRateSerializer,
    responses={200: TransferInboxSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    description="The service center rates the department's answer: satisfied, or not with a reason. "
    "Rating again replaces the rating; every rating is logged on the ticket.",
)
class TransferRateView(APIView):
    def post(self, request, pk):
        transfer = selectors.transfer_get(request.user, pk)
        body = TransferRateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.transfer_rate(transfer=transfer, actor=request.user, now=timezone.now(), **body.validated_data)
        return _answer_response(request, transfer)

"""One command endpoint per agreement operation, like the ticket commands: each view
parses its own body (documented with its own request schema), calls one service and
answers with the version (or the created amendment). Rules and their 400/403/409 are
the services'; scope (404) is the selectors'."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.views import APIView

from slacenter.api_schema import ErrorSerializer

from ...selectors.agreements import agreement_version_get
from ...services import agreements as services
from . import serializers as s
from .views import _valid, _version_response

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


@extend_schema(request=None, responses={200: s.AgreementVersionSerializer, **ERRORS},
               description="Send a complete draft for signature by both parties.")
class AgreementSubmitView(APIView):
    def post(self, request, pk):
        version = agreement_version_get(request.user, pk)
        services.agreement_submit(version=version, actor=request.user, now=timezone.now())
        return _version_response(request, pk)


@extend_schema(request=s.AgreementReasonSerializer, responses={200: s.AgreementVersionSerializer, **ERRORS},
               description="Take a version awaiting signatures back to draft; signatures given are void.")
class AgreementRecallView(APIView):
    def post(self, request, pk):
        version = agreement_version_get(request.user, pk)
        reason = _valid(s.AgreementReasonSerializer, request).get("reason", "")
        services.agreement_recall(version=version, actor=request.user, reason=reason, now=timezone.now())
        return _version_response(request, pk)


@extend_schema(request=s.AgreementSignSerializer, responses={200: s.AgreementVersionSerializer, **ERRORS},
               description="The head of a party department signs for it (an administrator names the party). "
                           "When every party has signed, the version becomes active.")
class AgreementSignView(APIView):
    def post(self, request, pk):
        version = agreement_version_get(request.user, pk)
        department = _valid(s.AgreementSignSerializer, request).get("department")
        services.agreement_sign(version=version, actor=request.user, department=department, now=timezone.now())
        return _version_response(request, pk)


@extend_schema(request=None, responses={201: s.AgreementVersionSerializer, **ERRORS},
               description="Start an amendment: a new draft copying the active version.")
class AgreementAmendView(APIView):
    def post(self, request, pk):
        version = agreement_version_get(request.user, pk)
        amendment = services.agreement_amend(version=version, actor=request.user, now=timezone.now())
        return _version_response(request, amendment.pk, status.HTTP_201_CREATED)


@extend_schema(request=s.AgreementReasonSerializer, responses={200: s.AgreementVersionSerializer, **ERRORS},
               description="End a version early, or abandon a draft (a reason is required).")
class AgreementTerminateView(APIView):
    def post(self, request, pk):
        version = agreement_version_get(request.user, pk)
        reason = _valid(s.AgreementReasonSerializer, request).get("reason", "")
        services.agreement_terminate(version=version, actor=request.user, reason=reason, now=timezone.now())
        return _version_response(request, pk)


def _part_add(request, pk, serializer_class, service):
    version = agreement_version_get(request.user, pk)
    service(version=version, actor=request.user, now=timezone.now(), **_valid(serializer_class, request))
    return _version_response(request, pk, status.HTTP_201_CREATED)


@extend_schema(request=s.ServiceItemInSerializer, responses={201: s.AgreementVersionSerializer, **ERRORS},
               description="Add a service item to a draft.")
class ServiceItemAddView(APIView):
    def post(self, request, pk):
        return _part_add(request, pk, s.ServiceItemInSerializer, services.service_item_add)


@extend_schema(request=s.IndicatorInSerializer, responses={201: s.AgreementVersionSerializer, **ERRORS},
               description="Add a key indicator (metric, target, period) to a draft.")
class IndicatorAddView(APIView):
    def post(self, request, pk):
        return _part_add(request, pk, s.IndicatorInSerializer, services.indicator_add)


@extend_schema(request=s.PenaltyClauseInSerializer, responses={201: s.AgreementVersionSerializer, **ERRORS},
               description="Add a penalty clause to a draft.")
class PenaltyAddView(APIView):
    def post(self, request, pk):
        return _part_add(request, pk, s.PenaltyClauseInSerializer, services.penalty_add)

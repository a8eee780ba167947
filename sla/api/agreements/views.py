"""Agreement API: scoped reads (service-center staff see every agreement, department
staff those their department is party to, anything else is 404) and the draft edits.
The lifecycle commands, one small view each, are in `commands.py`. A DomainError
becomes 400/403/409 in the project exception handler."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ...models.agreements import AgreementStatus, Indicator
from ...selectors.agreements import (
    agreement_get,
    agreement_list,
    agreement_version_get,
    agreement_versions,
)
from ...services import agreements as services
from . import serializers as s


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _version_response(request, pk, code=status.HTTP_200_OK) -> Response:
    version = agreement_version_get(request.user, pk)
    return Response(s.AgreementVersionSerializer(version).data, status=code)


class AgreementListView(generics.GenericAPIView):
    # A generic view with the project pagination, so the schema documents the paged body.
    serializer_class = s.AgreementRowSerializer
    filter_backends: list = []

    @extend_schema(
        responses=s.AgreementRowSerializer(many=True),
        parameters=[OpenApiParameter("status", str, enum=AgreementStatus.values, description="Only this status")],
    )
    def get(self, request):
        wanted = request.query_params.get("status", "")
        if wanted and wanted not in AgreementStatus.values:
            raise ValidationError({"status": [f"one of {', '.join(AgreementStatus.values)}"]})
        page = self.paginate_queryset(agreement_list(request.user, status=wanted))
        return self.get_paginated_response(s.AgreementRowSerializer(page, many=True).data)

    @extend_schema(request=s.DraftCreateSerializer, responses={201: s.AgreementVersionSerializer})
    def post(self, request):
        data = _valid(s.DraftCreateSerializer, request)
        version = services.agreement_create_draft(actor=request.user, now=timezone.now(), **data)
        return _version_response(request, version.pk, status.HTTP_201_CREATED)


class AgreementDetailView(APIView):
    @extend_schema(responses=s.AgreementSerializer)
    def get(self, request, pk):
        agreement = agreement_get(request.user, pk)
        body = s.AgreementSerializer(agreement).data
        versions = agreement_versions(request.user, agreement).prefetch_related(
            "service_items", "indicators__overrides__agreed_by", "penalties")
        body["versions"] = s.AgreementVersionSerializer(versions, many=True).data
        return Response(body)


class VersionDetailView(APIView):
    @extend_schema(responses=s.AgreementVersionSerializer)
    def get(self, request, pk):
        return _version_response(request, pk)


class VersionUpdateView(APIView):
    @extend_schema(request=s.DraftFieldsSerializer, responses=s.AgreementVersionSerializer)
    def post(self, request, pk):
        version = agreement_version_get(request.user, pk)
        data = _valid(s.DraftFieldsSerializer, request, partial=True)
        services.agreement_update_draft(version=version, actor=request.user, now=timezone.now(), **data)
        return _version_response(request, pk)


# URL part → the `part` name `draft_part_remove` takes.
PARTS = {"items": "service_item", "indicators": "indicator", "penalties": "penalty"}


class PartRemoveView(APIView):
    part = ""

    @extend_schema(request=None, responses=s.AgreementVersionSerializer)
    def post(self, request, pk, part_id):
        version = agreement_version_get(request.user, pk)
        services.draft_part_remove(version=version, actor=request.user, part=PARTS[self.part], part_id=part_id,
                                   now=timezone.now())
        return _version_response(request, pk)


class OverrideAddView(APIView):
    @extend_schema(request=s.IndicatorOverrideInSerializer, responses={201: s.IndicatorOverrideSerializer})
    def post(self, request, pk, indicator_id):
        version = agreement_version_get(request.user, pk)
        indicator = get_object_or_404(Indicator, pk=indicator_id, version=version)
        data = _valid(s.IndicatorOverrideInSerializer, request)
        override = services.indicator_override_add(indicator=indicator, actor=request.user, now=timezone.now(),
                                                   **data)
        return Response(s.IndicatorOverrideSerializer(override).data, status=status.HTTP_201_CREATED)

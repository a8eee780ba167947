"""Project-wide REST framework pieces: pagination with a hard cap, an ordering filter
that refuses unknown fields, and the exception handler that maps DomainError."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        # A non-numeric or absurd page number is a 404 from DRF already; keep that.
        return super().get_page_number(request, paginator)


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` accepts only the view's `ordering_fields`; anything else is a 400
    with the allowed list (never a silent fall-back that could reorder other rows)."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            allowed = {item[0] for item in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [f for f in fields if f.lstrip("-") not in allowed]
            if unknown:
                raise exceptions.ValidationError(
                    {"ordering": _("Unknown ordering field(s): %(fields)s. Allowed: %(allowed)s.")
                     % {"fields": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}}
                )
            return fields
        return self.get_default_ordering(view)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code, **exc.extra}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, (ValueError, OverflowError)):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return response

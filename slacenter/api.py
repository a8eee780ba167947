"""Project-wide REST framework pieces: pagination with a hard cap and strict
parameters, an ordering filter that refuses unknown fields (both documented with their
bounds and enums in the schema), and the exception handler that gives every error the
one error shape (`error_body`), DomainError included."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .inputs import parse_int
from .pagination import COUNT_CAP, CappedPaginator

MAX_PAGE = 2**31 - 1


class Pagination(PageNumberPagination):
    """`page` is a positive integer (or `last`); a page past the end is a 404.
    `page_size` is 1..max_page_size; anything else — not a number, 0, 1000 — is a 400,
    never silently replaced by the default."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        value = parse_int(raw, min_value=1, max_value=self.max_page_size)
        if value is None:
            raise exceptions.ValidationError({self.page_size_query_param: [
                _("Enter a whole number between 1 and %(max)d.") % {"max": self.max_page_size}]})
        return value

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None or raw in self.last_page_strings:
            return super().get_page_number(request, paginator)
        if parse_int(raw, min_value=1, max_value=MAX_PAGE) is None:
            raise exceptions.ValidationError({self.page_query_param: [
                _("Enter a whole number of at least 1.")]})
        return raw

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.page_query_param, "required": False, "in": "query",
             "description": "Page number (1-based); a page past the last one is a 404.",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Rows per page (default {self.page_size}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}},
        ]


class CappedCountPagination(Pagination):
    """`Pagination` whose `count` stops at `COUNT_CAP` (`slacenter.pagination`): exact
    below it; above it `count_capped` is true and `count` is the cap, read as "more
    than". For lists that reach a million rows (tickets), where an exact count over a
    user's scope costs more than the page itself. `next`, `previous`, the 404 past the
    last page and `page=last` stay exact."""

    page_rows = None

    def django_paginator_class(self, queryset, page_size):
        # A view's `page_rows(ids)` makes the page's rows (e.g. values) from the page's ids.
        return CappedPaginator(queryset, page_size, page_rows=self.page_rows)

    def paginate_queryset(self, queryset, request, view=None):
        self.page_rows = getattr(view, "page_rows", None)
        return super().paginate_queryset(queryset, request, view)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            paginator.count_exactly()
        return super().get_page_number(request, paginator)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response({
            "count": paginator.shown_count,
            "count_capped": paginator.capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["required"] = ["count", "count_capped", "results"]
        body["properties"]["count"] = {
            "type": "integer", "example": 123,
            "description": f"Matching rows; when `count_capped` is true, the cap ({COUNT_CAP}): there are more.",
        }
        body["properties"] = {
            "count": body["properties"]["count"],
            "count_capped": {"type": "boolean", "description": f"True when more than {COUNT_CAP} rows match and "
                             "`count` shows the cap instead of counting them all (follow `next` to page on)."},
            **{k: v for k, v in body["properties"].items() if k != "count"},
        }
        return body


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` accepts only the view's `ordering_fields`; anything else is a 400
    with the allowed list (never a silent fall-back that could reorder other rows)."""

    @staticmethod
    def allowed_fields(view) -> list[str]:
        # A view that names no ordering_fields allows none (never "every serializer field",
        # some of which are not columns).
        fields = getattr(view, "ordering_fields", None)
        return [] if fields in (None, "__all__") else [f if isinstance(f, str) else f[0] for f in fields]

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            allowed = set(self.allowed_fields(view))
            unknown = [f for f in fields if f.lstrip("-") not in allowed]
            if unknown:
                raise exceptions.ValidationError(
                    {"ordering": _("Unknown ordering field(s): %(fields)s. Allowed: %(allowed)s.")
                     % {"fields": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}}
                )
            return fields
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view):
        allowed = sorted(self.allowed_fields(view))
        if not allowed:
            return []
        return [{
            "name": self.ordering_param, "required": False, "in": "query",
            "description": "Comma-separated fields to order by; a leading '-' reverses one.",
            "schema": {"type": "array", "items": {"type": "string",
                                                  "enum": [*allowed, *(f"-{f}" for f in allowed)]}},
            "style": "form", "explode": False,
        }]


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation detail as {"field": [...], "items.0.amount": [...]};
    messages not about a field under "" (the caller moves them to `detail`)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "" if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__") else str(key)
            for field, messages in _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name).items():
                out.setdefault(field, []).extend(messages)
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix: [str(item) for item in detail]} if detail else {}
        out = {}
        for index, item in enumerate(detail):
            for field, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                out.setdefault(field, []).extend(messages)
        return out
    return {prefix: [str(detail)]}


def error_body(detail: str, code: str, fields: dict | None = None, **extra) -> dict:
    """THE error shape of the API (declared as `Error` in the OpenAPI schema):
    `{"detail": "<message for people>", "code": "<stable machine code>",
    "fields": {"<field>": ["<message>", …]}}` — `fields` only for invalid input, plus
    any machine-readable extras of a domain error (e.g. `allowed`)."""
    body = {"detail": str(detail), "code": str(code)}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return body


def _validation_body(exc: exceptions.ValidationError) -> dict:
    fields = _flatten(exc.detail)
    general = fields.pop("", [])
    if general:
        detail = " ".join(general)
    elif fields:
        name, messages = next(iter(fields.items()))
        detail = f"{name}: {messages[0]}"
    else:
        detail = _("Invalid input.")
    return error_body(detail, "invalid", fields)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.message, exc.code, **exc.extra), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, (ValueError, OverflowError)):
        exc = exceptions.ValidationError(str(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        if isinstance(detail, (dict, list)):
            fields = _flatten(detail)
            message = " ".join(fields.pop("", [])) or str(exc.default_detail)
        else:
            message = str(detail)
        code = getattr(detail, "code", None) or exc.default_code
        extra = {"retry_after": exc.wait} if isinstance(exc, exceptions.Throttled) and exc.wait else {}
        response.data = error_body(message, code, **extra)
    return response

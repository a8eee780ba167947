"""The one input-validation layer. Every request passes `InputValidationMiddleware`
before any view, form, serializer or database sees it; it answers 400 with a JSON
message in the API's one error shape (`{"detail", "code", "fields"}`, see
`slacenter.api.error_body`) when

- the query string or a form body has more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields
  (`TooManyFieldsSent`, in every DEBUG mode);
- a query parameter, form field, uploaded file name, JSON key or JSON string value,
  the path or a request header holds a NUL byte or a lone UTF-16 surrogate (PostgreSQL
  cannot store either; no legitimate input has them);
- a JSON body nests deeper than MAX_JSON_DEPTH or holds more than MAX_JSON_KEYS object
  keys. Both are measured on the raw bytes *before* the body is parsed, so no parser
  ever recurses a thousand levels deep.

Numbers in query strings are parsed by one helper, `parse_int`: ASCII digits only,
bounded, anything else is the caller's default (never a ValueError).
"""

import json
import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers

from slacenter.error_views import input_error

MAX_JSON_DEPTH = 32
MAX_JSON_KEYS = 1000

# A character no stored or searched text may hold: NUL and lone surrogates.
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_ASCII_INT = re.compile(r"-?[0-9]{1,19}")
# A JSON string token (unrolled, linear): replaced by "" before brackets are counted.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b"[]{}:")
_JSON_CONTENT_TYPES = ("application/json",)


class InputRejected(Exception):
    def __init__(self, message: str, code: str = "invalid_input", field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


def has_bad_chars(value: str) -> bool:
    """True when a string holds a NUL byte or a lone surrogate."""
    return bool(_BAD_CHARS.search(value))


def check_text(value: str, *, where: str, field: str = "") -> None:
    if isinstance(value, str) and has_bad_chars(value):
        raise InputRejected(
            _("%(where)s contains a NUL byte or an invalid character.") % {"where": where},
            code="invalid_character",
            field=field if not has_bad_chars(field) else "",
        )


def parse_int(raw, default=None, *, min_value: int | None = None, max_value: int | None = None):
    """The one way to read an integer from a query string or form: ASCII digits with an
    optional minus sign, within the bounds; anything else (`²`, `①`, `٣`, 10**30,
    `1e3`, None) is `default`."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = (raw or "").strip() if isinstance(raw, str) else ""
        if not _ASCII_INT.fullmatch(text):
            return default
        value = int(text)
    if min_value is not None and value < min_value:
        return default
    if max_value is not None and value > max_value:
        return default
    return value


def check_json_shape(body: bytes) -> None:
    """Refuse a JSON body nested deeper than MAX_JSON_DEPTH or with more than
    MAX_JSON_KEYS keys, reading the bytes once without recursion."""
    structure = _JSON_STRING.sub(b'""', body).translate(None, _NOT_STRUCTURE)
    if structure.count(b":") > MAX_JSON_KEYS:
        raise InputRejected(
            _("The JSON body has more than %(limit)d keys.") % {"limit": MAX_JSON_KEYS}, code="too_many_keys"
        )
    depth = 0
    for byte in structure:
        if byte in b"[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InputRejected(
                    _("The JSON body is nested deeper than %(limit)d levels.") % {"limit": MAX_JSON_DEPTH},
                    code="too_deep",
                )
        elif byte in b"]}":
            depth -= 1


def check_json_strings(data) -> None:
    """Every key and string value of parsed JSON, walked without recursion; the error
    names the offending field by its path (`external_ids.member`, `ids.3`)."""
    stack = [("", data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            check_text(item, where=_("A JSON value"), field=path)
        elif isinstance(item, dict):
            for key, value in item.items():
                inner = f"{path}.{key}" if path else str(key)
                check_text(key, where=_("A JSON key"), field=path)
                stack.append((inner, value))
        elif isinstance(item, list):
            stack.extend((f"{path}.{index}" if path else str(index), value) for index, value in enumerate(item))


def check_json_body(body: bytes) -> None:
    if not body:
        return
    check_json_shape(body)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return  # malformed JSON: the parser of the view answers 400 with its own message
    check_json_strings(data)


def _check_querydict(qd, where: str) -> None:
    for key, values in qd.lists():
        check_text(key, where=where)
        for value in values:
            check_text(value, where=where, field=key)


def check_request(request) -> None:
    """All the checks above on one request (raises InputRejected)."""
    check_text(request.path_info, where=_("The address"))
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str):
            check_text(value, where=_("A request header"))
    try:
        _check_querydict(request.GET, _("A query parameter"))
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            if content_type in _JSON_CONTENT_TYPES or content_type.endswith("+json"):
                check_json_body(request.body)
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                _check_querydict(request.POST, _("A form field"))
                for upload in request.FILES.values():
                    check_text(upload.name or "", where=_("A file name"))
    except TooManyFieldsSent as exc:
        raise InputRejected(
            _("Too many fields: the limit is %(limit)d.") % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
            code="too_many_fields",
        ) from exc
    except RequestDataTooBig as exc:
        raise InputRejected(_("The request body is too large."), code="too_large") from exc
    except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError) as exc:
        raise InputRejected(_("The request body could not be read."), code="malformed") from exc


class InputValidationMiddleware:
    """See the module docstring. Placed right after the body-size limit, before the
    session, CSRF and every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # This runs before LocaleMiddleware: messages in the request's language.
        with translation.override(translation.get_language_from_request(request)):
            try:
                check_request(request)
            except InputRejected as exc:
                message = str(exc.message)
                return input_error(
                    request,
                    status=413 if exc.code == "too_large" else 400,
                    detail=message,
                    code=exc.code,
                    fields={exc.field: [message]} if exc.field else None,
                )
        return self.get_response(request)


# --- Dates typed by people -------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(raw):
    """A date written exactly `YYYY-MM-DD` in ASCII digits (zero-padded), else None:
    `2026-1-5`, `２０２６-01-05`, `20260105` and `2026-02-30` are all None."""
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw.strip()):
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


class StrictDateField(serializers.DateField):
    """DRF date field that accepts only well-formed `YYYY-MM-DD` text."""

    def to_internal_value(self, value):
        if isinstance(value, str) and parse_iso_date(value) is None:
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class StrictDateFormField(forms.DateField):
    """Form date field that accepts only well-formed `YYYY-MM-DD` text."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and parse_iso_date(value) is None:
            raise forms.ValidationError(_("Enter a date as YYYY-MM-DD, e.g. 2026-10-01."), code="invalid")
        return super().to_python(value)

"""The OpenAPI schema promises what the API does about errors: one `Error` component
(the shape of `slacenter.api.error_body`) and, on every operation, the error statuses
it can answer with — 400 (invalid parameters or body), 401/403 (authentication and
permission), 404 (an id in the path, a page past the end, an out-of-scope object),
409 and 413 (writes), 429 (throttled views). Registered in SPECTACULAR_SETTINGS
POSTPROCESSING_HOOKS."""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error shape of the API. `detail` is for people (in the request's language), "
                   "`code` is stable for programs, `fields` maps each invalid input field (dotted path for "
                   "nested ones) to its messages. A domain error may add machine-readable members, e.g. "
                   "`allowed` (the moves allowed from the current state).",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["detail", "code"],
    "additionalProperties": True,
}


class ErrorSerializer(serializers.Serializer):
    """For `extend_schema(responses={409: ErrorSerializer})`; the component it names is
    replaced by ERROR_SCHEMA (same members) in the hook below."""

    detail = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)

    class Meta:
        ref_name = ERROR_COMPONENT


DESCRIPTIONS = {
    "400": "Invalid parameters or body (see `fields`).",
    "401": "Not authenticated.",
    "403": "Not allowed for this user (or the CSRF check failed).",
    "404": "Not found or not visible to this user (also a page past the last one).",
    "409": "Conflicts with the current state (e.g. an illegal transition).",
    "413": "Request body too large.",
    "429": "Too many requests (see Retry-After).",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
HTTP_METHODS = WRITE_METHODS | {"get", "head", "options", "trace"}


def _throttled_operations(generator) -> set[tuple[str, str]]:
    default = bool(settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_CLASSES"))
    found = set()
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        view_class = getattr(callback, "cls", None)
        if default or getattr(view_class, "throttle_classes", None):
            found.add((path, method.lower()))
    return found


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
    throttled = _throttled_operations(generator)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            parameters = operation.get("parameters", [])
            codes = {"400"}
            if {} not in operation.get("security", []):
                codes |= {"401", "403"}
            if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters) or "{" in path:
                codes.add("404")
            if method in WRITE_METHODS:
                codes |= {"403", "404", "409", "413"}
            if (path, method) in throttled:
                codes.add("429")
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(code, {"description": DESCRIPTIONS[code], "content": content})
    return result


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, except that a read-only string field keeps no
    e-mail/URL `format`: its model field may be blank, and "" is not a valid `email`.
    (Writable blank-allowed fields already get `oneOf [format, ""]` from spectacular.)"""

    LOOSE_FORMATS = {"email", "uri", "ipv4", "ipv6"}

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if getattr(field, "read_only", False) and schema.get("format") in self.LOOSE_FORMATS:
            schema.pop("format")

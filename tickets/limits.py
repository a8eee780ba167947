"""One length limit per text field, for every interface. The services enforce them
(`check_length`), so the page, the API, the admin and any import are refused alike;
forms and serializers declare the same numbers so that the page and the OpenAPI schema
state them up front."""

from django.utils.translation import gettext as _

from slacenter.errors import DomainError

TITLE = 200
DESCRIPTION = 20_000
COMMENT = 10_000
REASON = 2_000  # a status change, a reassignment, an edit
TRANSFER_TEXT = 5_000  # a transfer's question, the department's answer or bounce reason
RATING_REASON = 2_000  # why the service center is not satisfied with a department's answer
CUSTOMER_NAME = 100
EXTERNAL_ID = 200
EXTERNAL_IDS = 20  # systems a customer may be linked to


def check_length(value: str, limit: int, field: str) -> str:
    """`value` unchanged, or a 400 naming the field and the limit."""
    if value is not None and len(value) > limit:
        raise DomainError(
            _("%(field)s is %(length)d characters long; the limit is %(limit)d.")
            % {"field": field, "length": len(value), "limit": limit},
            code="too_long",
            field=field,
        )
    return value

"""`isodate`: a YYYY-MM-DD path segment as a `date`; an impossible date is a 404."""

from datetime import date

from django.urls import register_converter


class IsoDateConverter:
    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError → the URL does not match → 404

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(IsoDateConverter, "isodate")

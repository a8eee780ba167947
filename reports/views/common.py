from datetime import date

from django.http import Http404


def parse_month(value: str) -> date:
    """`2026-03` → date(2026, 3, 1); anything else is a 404."""
    try:
        return date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        raise Http404 from None

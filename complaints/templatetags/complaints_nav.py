"""The header's batch-incident link: whether to show it and the number of suspected
incidents awaiting a decision — one query, kept on the request (the header is
rendered once, but a page may include it again)."""

from django import template

register = template.Library()

_CACHE = "_complaints_nav_incidents"


@register.simple_tag(takes_context=True)
def incident_nav(context) -> dict | None:
    """{"count": n} when the user may see the incident pages, else None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None:
        return None
    if not hasattr(request, _CACHE):
        from ..selectors_incidents import sees_incidents, suspected_incident_count

        setattr(request, _CACHE, {"count": suspected_incident_count(user)} if sees_incidents(user) else None)
    return getattr(request, _CACHE)

"""The header's findings link count: findings awaiting the department head's answer,
or disputes awaiting the service manager's decision — one query, kept on the request."""

from django import template

register = template.Library()

_CACHE = "_complaints_nav_findings"


@register.simple_tag(takes_context=True)
def findings_nav(context) -> int:
    """How many findings wait for this user (0 for everyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not getattr(user, "is_authenticated", False):
        return 0
    if not hasattr(request, _CACHE):
        from tickets.models.org import Role
        from tickets.permissions import role_of

        from ..selectors_accountability import findings_awaiting_department, findings_disputed

        role = role_of(user)
        if role == Role.DEPT_HEAD:
            count = findings_awaiting_department(user).count()
        elif role == Role.SERVICE_MANAGER:
            count = findings_disputed(user).count()
        else:
            count = 0
        setattr(request, _CACHE, count)
    return getattr(request, _CACHE)

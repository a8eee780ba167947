from django import template

from ..display import person_name

register = template.Library()


@register.filter(name="person")
def person(user) -> str:
    """{{ user|person }}: the user's display name (see tickets.display.person_name)."""
    return person_name(user)

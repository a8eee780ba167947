"""How people are named on pages and in the API."""

import re

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def person_name(user) -> str:
    """A user's display name: Chinese names family name first with no space (王芳),
    others "given family" (Ann Lee); the username when no name is set."""
    if user is None:
        return ""
    return names_shown(user.first_name, user.last_name, user.get_username())


def names_shown(first_name: str, last_name: str, username: str) -> str:
    """`person_name` from the three columns (for rows read as values)."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not (first or last):
        return username
    if _CJK.search(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone

from slacenter.errors import DomainError

from ..services.common import local_month


def month_param(request) -> date:
    """?month=YYYY-MM, the current local month by default (a bad value too)."""
    text = (request.GET.get("month") or request.POST.get("month") or "").strip()
    try:
        day = date.fromisoformat(text + "-01" if len(text) == 7 else text)
        if 2000 <= day.year <= 2100:
            return day.replace(day=1)
    except ValueError:
        pass
    return local_month(timezone.now())


def run(request, call, done: str, back: str):
    """Call a service; a refusal becomes an error message. Redirects to `back`."""
    try:
        call(timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if done:
            messages.success(request, done)
    return redirect(back)


def answers_from_post(post, definition) -> dict:
    answers = {}
    for section in definition["sections"]:
        for item in section["items"]:
            value = post.get(f"item-{item['key']}", "")
            note = post.get(f"note-{item['key']}", "")
            if value == "na":
                answers[item["key"]] = {"value": "na", "note": note}
            elif value.isdigit() and len(value) < 3:
                answers[item["key"]] = {"value": int(value), "note": note}
            elif note:
                answers[item["key"]] = {"value": None, "note": note}
    return answers

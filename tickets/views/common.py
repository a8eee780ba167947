"""Small helpers shared by the ticket views."""

from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from slacenter.errors import DomainError


def edge_now():
    """The one clock read of a request; passed down to services and selectors."""
    return timezone.now()


def call_service(fn, **kwargs):
    """Run one service. Returns `(result, None)` or `(None, error)` for a DomainError,
    which the view shows as a form error."""
    try:
        return fn(**kwargs), None
    except DomainError as exc:
        return None, exc


def form_error(form) -> DomainError:
    """A shape error of a form as a DomainError (400), to show it like a service error."""
    messages = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields and form.fields[field].label else ""
        for error in errors:
            messages.append(f"{label}: {error}" if label else str(error))
    return DomainError(" ".join(messages) or _("The form is not valid."), code="invalid")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """A same-site local path from `next`, or the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def safe_link(url: str) -> str:
    """Only local paths become links; anything else (javascript:, other hosts) does not."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return ""


def render_page(request, full_template: str, partial_template: str, context: dict, status: int = 200):
    """The partial for htmx swaps, the full page otherwise (and for history restores)."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and not htmx.boosted:
        response = render(request, partial_template, context, status=status)
    else:
        response = render(request, full_template, context, status=status)
    response["Vary"] = "HX-Request"
    return response

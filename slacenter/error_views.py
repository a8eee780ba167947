"""The project's 500 handler (`handler500` in `slacenter.urls`).

A database that is out of connections ("too many clients"), restarting or unreachable
is a temporary condition, not a bug: the answer is **503 with `Retry-After`**, so
browsers, API clients and load balancers try again, instead of a 500. Everything else
is the usual 500 page. Neither page touches the database (it may be what failed).

Django calls this handler from inside its `except` block, whichever middleware or view
raised, so `sys.exc_info()` is the exception being answered.
"""

import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
# SQLSTATE classes of a server that cannot take the work right now: connection
# exception (08), insufficient resources (53, e.g. 53300 too_many_connections),
# operator intervention (57P: shutdown, cannot connect now), transaction rollback
# (40: serialization failure, deadlock - what survives the retries).
TRANSIENT_SQLSTATE_PREFIXES = ("08", "53", "57P", "40")


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True for a database error that says "not now" rather than "this is wrong"."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__ or exc
    if isinstance(cause, sqlite3.Error):  # SQLite: only a busy/locked file is transient
        message = str(cause).lower()
        return "locked" in message or "busy" in message
    code = getattr(cause, "sqlstate", None)
    # A failed connect (e.g. "FATAL: sorry, too many clients already") has no SQLSTATE.
    return code is None or code.startswith(TRANSIENT_SQLSTATE_PREFIXES)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def wants_html(request) -> bool:
    """A browser asking for a page (not the API, Accept names text/html): errors answered
    before any view (body too large, invalid input) get a page, not JSON."""
    accept = request.headers.get("Accept", "")
    return not request.path.startswith("/api/") and "text/html" in accept and "application/json" not in accept


def input_error(request, *, status: int, detail: str, code: str, fields: dict | None = None) -> HttpResponse:
    """The answer of the layers that refuse a request before any view sees it: the API's
    one error shape (`{"detail", "code", "fields"}`) for API clients, a page with the same
    message for a browser. Neither touches the database or the session."""
    if wants_html(request):
        page = loader.render_to_string("400.html", {"message": detail, "status": status})
        return HttpResponse(page, status=status)
    body = {"detail": detail, "code": code}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def server_error(request, template_name="500.html"):
    if is_database_unavailable(sys.exc_info()[1]):
        message = _("The service is busy or restarting. Please try again in a few seconds.")
        if _wants_json(request):
            response = JsonResponse({"detail": message, "code": "service_unavailable"}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _wants_json(request):
        return JsonResponse({"detail": _("Server error."), "code": "server_error"}, status=500)
    return HttpResponse(loader.render_to_string(template_name), status=500)

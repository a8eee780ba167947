"""Everything under /api/ answers JSON in the one error shape, even the errors that
never reach a DRF view: the URL resolver's 404 (an unknown path, or an id the `id`
converter rejects such as `/api/v1/tickets/0/`), a 405 of a plain Django view, the
CSRF 403 and the 500 page. DRF's own errors already have the shape
(`slacenter.api.exception_handler`)."""

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .api import error_body

API_PREFIX = "/api/"


def _default_messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("Bad request.")),
        401: ("not_authenticated", _("Authentication credentials were not provided.")),
        403: ("permission_denied", _("You do not have permission to perform this action.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("Method not allowed.")),
        413: ("too_large", _("Request body too large.")),
        429: ("throttled", _("Too many requests.")),
    }


def api_error_response(status: int, request=None) -> JsonResponse:
    language = translation.get_language_from_request(request) if request is not None else None
    with translation.override(language or translation.get_language()):
        code, detail = _default_messages().get(
            status, ("server_error", _("Server error.")) if status >= 500 else ("error", _("Request failed."))
        )
        return JsonResponse(error_body(detail, code), status=status, json_dumps_params={"ensure_ascii": False})


class ApiJsonErrorsMiddleware:
    """An error response under /api/ that is not JSON is replaced by the error shape
    with the same status (and the same Allow / Retry-After headers)."""

    KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not request.path_info.startswith(API_PREFIX):
            return response
        if response.get("Content-Type", "").split(";")[0].strip().endswith("json"):
            return response
        replacement = api_error_response(response.status_code, request)
        for header in self.KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement

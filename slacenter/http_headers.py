"""Response headers every answer of the application carries (after the view).

- `Permissions-Policy`: browser features the app never uses are off (settings).
- `Cache-Control: private, no-store` on whatever a logged-in user sees and on every API
  answer: a page or JSON with personal or scoped data must never be kept by a shared
  proxy or the browser's disk cache (a later user of the same machine, the back button
  after logging out). Static files never reach this middleware (WhiteNoise answers
  them first, with its own caching headers).
"""

from django.conf import settings

NO_STORE = "private, no-store"


class ResponsePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if policy := getattr(settings, "PERMISSIONS_POLICY", ""):
            response.setdefault("Permissions-Policy", policy)
        if request.path.startswith("/api/") or _maybe_authenticated(request):
            response["Cache-Control"] = NO_STORE
        return response


def _maybe_authenticated(request) -> bool:
    user = getattr(request, "user", None)
    if user is None:
        return False
    try:
        return user.is_authenticated
    except Exception:  # noqa: BLE001 - e.g. the session store is unreachable: be safe
        return True

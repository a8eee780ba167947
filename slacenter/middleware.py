"""Refuse oversized request bodies with 413 before anything reads them."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from slacenter.error_views import input_error


class BodySizeLimitMiddleware:
    """A body longer than DATA_UPLOAD_MAX_MEMORY_SIZE (or, for multipart uploads,
    ATTACHMENT_MAX_BYTES plus room for the form fields) is answered with 413 and a
    message, instead of Django's generic 400 after reading it."""

    MULTIPART_OVERHEAD = 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        content_type = request.META.get("CONTENT_TYPE", "")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if content_type.startswith("multipart/"):
            limit = settings.ATTACHMENT_MAX_BYTES + self.MULTIPART_OVERHEAD
        if length > limit:
            # This runs before LocaleMiddleware: pick the user's language here.
            with translation.override(translation.get_language_from_request(request)):
                message = _("Request body too large: %(size)d bytes, the limit is %(limit)d bytes.") % {
                    "size": length,
                    "limit": limit,
                }
                return input_error(request, status=413, detail=message, code="too_large")
        return self.get_response(request)

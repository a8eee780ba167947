"""Scoped attachment download. Files live outside any web root; this is the only way
to read one, and only when its ticket is in the user's scope."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from ... import selectors
from .common import ERROR, ID_PARAM


@extend_schema(
    parameters=[ID_PARAM],
    responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERROR},
    description="The file, as a download with its original name.",
)
class AttachmentDownloadView(APIView):
    def get(self, request, pk):
        attachment = selectors.attachment_get(request.user, pk)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

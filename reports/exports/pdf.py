"""PDF of the printable monthly report, rendered by WeasyPrint (pure pip; it needs the
Pango library that Debian's Chromium already brings). Without WeasyPrint or Pango the
app keeps working: `pdf_unavailable()` says why and the page offers the browser's
print instead.

Nothing is fetched from the network: the only resources the renderer may load are
the app's own static files (stylesheets), read from disk through the staticfiles
finders / storage."""

from __future__ import annotations

import logging
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# A base URL nobody resolves: relative links in the page become absolute under it and
# only its static part is served (from disk).
BASE_URL = "https://slacenter.invalid/"


@cache
def _weasyprint():
    """The weasyprint module, or the reason it cannot be used (ImportError: not
    installed; OSError: the Pango system library is missing)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        logger.warning("PDF export unavailable: %s", error)
        return None, str(error)
    return weasyprint, ""


def pdf_unavailable() -> str:
    """'' when PDFs can be made, else a message for the user."""
    module, _reason = _weasyprint()
    if module is not None:
        return ""
    return _("PDF export is not available on this server (WeasyPrint and its Pango library are not installed). "
             "Open the printable report and use the browser's Print → Save as PDF; A4 layout is the same.")


def _static_file(url: str) -> bytes | None:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    name = url[len(prefix):].split("?")[0].split("#")[0]
    if not name or ".." in name.split("/"):
        return None
    path = finders.find(name)
    if path is None:
        try:
            path = staticfiles_storage.path(name)
        except (NotImplementedError, ValueError):
            return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def render_pdf(html: str) -> bytes:
    """The PDF of `html` (A4 from the print CSS). Raises RuntimeError when PDFs
    cannot be made here (see `pdf_unavailable`)."""
    weasyprint, reason = _weasyprint()
    if weasyprint is None:
        raise RuntimeError(reason)
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            body = _static_file(url)
            if body is None:
                raise ValueError(f"not fetched: {url}")
            kind = "text/css" if url.split("?")[0].endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnly()).write_pdf()

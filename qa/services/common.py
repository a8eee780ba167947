from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from slacenter.errors import DomainError


def forbidden(message=None):
    return DomainError(message or _("You may not do this."), code="forbidden", status=403)


def local_month(at) -> date:
    """The first day of the center's local month of an instant."""
    return at.astimezone(ZoneInfo(settings.TIME_ZONE)).date().replace(day=1)

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tickets.admin.base import ReadOnlyAdmin

from .models import Heartbeat

admin.site.site_header = _("SLA Center administration")
admin.site.site_title = _("SLA Center admin")
admin.site.index_title = _("Administration")


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    """Written by the beat-driven heartbeat task; shown (read-only) so an admin can
    see when beat and a worker last ticked."""

    list_display = ("name", "last_tick_at")
    ordering = ("name",)

from django.contrib import admin

from .models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """Written by the beat-driven heartbeat task; shown (read-only) so an admin can
    see when beat and a worker last ticked."""

    list_display = ("name", "last_tick_at")
    ordering = ("name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""Contact records: written only by the import service (telephony/chat intake, the
file upload), so shown read-only here with their messages."""

from django.contrib import admin

from ..models import ContactMessage, ContactRecord
from .base import ReadOnlyAdmin, ReadOnlyInline


class ContactMessageInline(ReadOnlyInline):
    model = ContactMessage
    fields = ("seq", "at", "side", "text")


@admin.register(ContactRecord)
class ContactRecordAdmin(ReadOnlyAdmin):
    list_display = ("external_id", "source", "kind", "channel", "queue", "agent", "offered_at", "answered_at",
                    "wait_seconds", "talk_seconds", "satisfaction")
    list_filter = ("kind", "channel", "source")
    search_fields = ("external_id", "queue", "agent__username", "ticket__number", "visitor")
    list_select_related = ("agent",)
    date_hierarchy = "offered_at"
    show_full_result_count = False
    inlines = [ContactMessageInline]


@admin.register(ContactMessage)
class ContactMessageAdmin(ReadOnlyAdmin):
    list_display = ("contact", "seq", "at", "side")
    list_filter = ("side",)
    search_fields = ("contact__external_id",)
    list_select_related = ("contact",)
    show_full_result_count = False

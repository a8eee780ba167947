"""Admin of rows that the services write (event log, comments, attachments,
transfers, notifications, counters): shown, searchable, never edited here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Attachment, Comment, Notification, TicketCounter, TicketEvent, Transfer
from .base import ReadOnlyAdmin


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "kind", "actor", "at", "field", "old_value", "new_value")
    list_filter = ("kind", "field")
    search_fields = ("ticket__number", "reason", "actor__username")
    list_select_related = ("ticket", "actor")
    date_hierarchy = "at"


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "visibility", "author", "created_at", "short_body")
    list_filter = ("visibility",)
    search_fields = ("ticket__number", "body")
    list_select_related = ("ticket", "author")

    @admin.display(description=_("body"))
    def short_body(self, comment):
        return comment.body[:80]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "ticket", "content_type", "size", "uploaded_by", "created_at")
    list_filter = ("content_type",)
    search_fields = ("original_name", "ticket__number")
    list_select_related = ("ticket", "uploaded_by")
    # The stored file name is random and the file is outside any web root; it is
    # downloaded through the scoped API, not linked from here.
    exclude = ("file",)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    """Departments answer or bounce in the app, through the transfer services."""

    list_display = ("ticket", "department", "status", "requested_by", "requested_at", "answered_at", "answer_rating")
    list_filter = ("status", "answer_rating", "department")
    search_fields = ("ticket__number", "question", "answer")
    list_select_related = ("ticket", "department", "requested_by")
    # Written only by `transfer_rate` (the service center's rating of the answer).
    readonly_fields = ("answer_rating", "answer_rating_reason", "answer_rated_by", "answer_rated_at")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("subject", "recipient", "ticket", "urgent", "created_at", "deliver_after", "emailed_at",
                    "read_at")
    list_filter = ("urgent",)
    search_fields = ("subject", "recipient__username", "ticket__number", "key")
    list_select_related = ("recipient", "ticket")


@admin.register(TicketCounter)
class TicketCounterAdmin(ReadOnlyAdmin):
    list_display = ("day", "last")
    ordering = ("-day",)

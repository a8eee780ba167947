from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notification (the bell), optionally also sent by e-mail.
    `deliver_after` holds non-urgent notices until the recipient's working hours;
    `key` makes a producer's notice idempotent (one row per key and recipient)."""

    # No single-column indexes on the two keys: every recipient query (and the
    # cascade from a user) uses the unique (recipient, key) or the inbox index, and
    # nothing looks notifications up by ticket — only deleting a ticket would, which
    # the application never does. Each index is paid by every insert, and the SLA
    # sweep inserts thousands at once.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications",
        db_index=False,
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name=_("ticket"), null=True, blank=True, on_delete=models.CASCADE, db_index=False
    )
    key = models.CharField(_("key"), max_length=120)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created at"))
    deliver_after = models.DateTimeField(_("deliver after"))
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [
            models.Index(fields=["recipient", "read_at", "deliver_after"], name="notification_inbox_idx"),
            # The e-mail outbox: only rows not e-mailed yet (the dispatcher claims them).
            models.Index(fields=["deliver_after"], condition=models.Q(emailed_at__isnull=True),
                         name="notification_outbox_idx"),
        ]

    def __str__(self):
        return self.subject

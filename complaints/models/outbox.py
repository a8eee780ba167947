from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    WECHAT = "wechat", _("WeChat")


class MessageStatus(models.TextChoices):
    """Moves are listed in `complaints.workflow.OUTBOX`."""

    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    # The last try failed; the delivery task tries again at `next_attempt_at`.
    FAILED = "failed", _("Failed, will retry")
    DEAD = "dead", _("Gave up")


class OutboundMessage(models.Model):
    """A message to a customer (acknowledgement, stage reply, final reply), written in
    the transaction of what caused it and delivered afterwards by a Celery task."""

    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="messages")
    purpose = models.CharField(_("purpose"), max_length=20)
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    # Written only by complaints.services.outbox.message_transition.
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices,
                              default=MessageStatus.PENDING, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_idx")]

    def __str__(self):
        return f"{self.purpose} {self.channel} → {self.recipient} ({self.status})"

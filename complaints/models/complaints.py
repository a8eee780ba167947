from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")
    # Media, a regulator (e.g. 12315), safety or a legal threat: manager and head notified at once.
    MAJOR = "major", _("Major")


class EscalationFlag(models.TextChoices):
    MEDIA = "media", _("Media exposure")
    REGULATOR = "regulator", _("Regulator (e.g. 12315)")
    SAFETY = "safety", _("Safety")
    LEGAL = "legal", _("Legal threat")
    REPEAT = "repeat", _("Repeat complaint")
    VIP = "vip", _("VIP green channel")


class ComplaintStage(models.TextChoices):
    """Where the complaint is in its loop. Moves are listed in `complaints.workflow`."""

    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    HANDLING = "handling", _("Handling")
    # The final reply is given; waiting for the callback (or the customer's survey).
    ANSWERED = "answered", _("Final reply given")
    CLOSED = "closed", _("Loop closed")


class Complaint(models.Model):
    """The complaint record of a ticket of kind complaint."""

    ticket = models.OneToOneField(
        "tickets.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="complaint"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL)
    desired_remedy = models.TextField(_("desired remedy"))
    order_numbers = models.JSONField(_("order numbers"), default=list, blank=True)
    amount_in_dispute = models.DecimalField(
        _("amount in dispute (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    flags = models.JSONField(_("escalation flags"), default=list, blank=True)
    is_vip = models.BooleanField(_("VIP green channel"), default=False)
    # The same customer complained within 30 days before this one.
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("repeat of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="repeats",
    )
    # A re-complaint (二次投诉) opened from this complaint's callback.
    re_complaint_of = models.ForeignKey(
        "self", verbose_name=_("re-complaint of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="re_complaints",
    )
    # Written only by complaints.services.loop.complaint_transition.
    stage = models.CharField(
        _("stage"), max_length=20, choices=ComplaintStage.choices, default=ComplaintStage.RECEIVED, editable=False
    )
    seat_group = models.ForeignKey(
        "complaints.SeatGroup", verbose_name=_("seat group"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="complaints",
    )
    routing_rule = models.CharField(_("routing rule"), max_length=200, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    final_reply = models.TextField(_("final reply"), blank=True)
    final_reply_at = models.DateTimeField(_("final reply at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("loop closed at"), null=True, blank=True)
    close_reason = models.TextField(_("close reason"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    # ISO 10002 closing: a customer who does not accept the decision is told of further
    # recourse (e.g. the 12315 consumer hotline); written by complaint_recourse_record.
    recourse_told_at = models.DateTimeField(_("further recourse told at"), null=True, blank=True)
    recourse_note = models.CharField(_("further recourse told"), max_length=200, blank=True, default="")
    # The public tracking link: ≥ 128 random bits, revocable (null) and reissuable.
    tracking_token = models.CharField(_("tracking token"), max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["stage", "-created_at"], name="complaint_stage_created_idx")]

    def __str__(self):
        return self.ticket.number if self.ticket_id else "?"

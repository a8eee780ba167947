from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .org import Department
from .tickets import Ticket


class TransferStatus(models.TextChoices):
    OPEN = "open", _("Awaiting reply")
    REPLIED = "replied", _("Replied")
    BOUNCED = "bounced", _("Bounced back")


class AnswerRating(models.TextChoices):
    """How the service center judged a department's answer (issue 11: reply satisfaction)."""

    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Transfer(models.Model):
    """A question handed to a business department about a ticket. The department
    replies, or bounces it back with a reason. (The reply deadline is an SLA clock.)"""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="transfers")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="transfers"
    )
    question = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.OPEN, editable=False
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="requested_transfers",
    )
    requested_at = models.DateTimeField(_("requested at"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_transfers",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # The service center's rating of the answer (`services.transfer_rate`; the last one wins).
    answer_rating = models.CharField(
        _("answer rating"), max_length=12, choices=AnswerRating.choices, blank=True, editable=False
    )
    answer_rating_reason = models.TextField(_("rating reason"), blank=True, editable=False)
    answer_rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="rated_transfers",
    )
    answer_rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        indexes = [models.Index(fields=["department", "status"], name="transfer_dept_status_idx")]

    def __str__(self):
        return f"{self.ticket.number} → {self.department}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallbackStatus(models.TextChoices):
    """Moves are listed in `complaints.workflow.CALLBACK`."""

    OPEN = "open", _("To call")
    REACHED = "reached", _("Reached")
    UNREACHABLE = "unreachable", _("Unreachable")
    # The customer answered the survey on the tracking page.
    SURVEYED = "surveyed", _("Answered online")
    CANCELLED = "cancelled", _("Cancelled")


class CallbackOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    BUSY = "busy", _("Busy")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    REACHED = "reached", _("Reached")


class CallbackTask(models.Model):
    """The callback (回访) after a final reply, by someone other than the handler."""

    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="callbacks")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("caller"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="complaint_callbacks")
    # Written only by complaints.services.callbacks.callback_transition.
    status = models.CharField(_("status"), max_length=12, choices=CallbackStatus.choices,
                              default=CallbackStatus.OPEN, editable=False)
    created_at = models.DateTimeField(_("created at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # The outcome (by phone or the online survey): one answer per task.
    solved = models.BooleanField(_("problem solved"), null=True, blank=True)
    first_contact = models.BooleanField(_("solved at first contact"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("callback task")
        verbose_name_plural = _("callback tasks")
        constraints = [
            models.UniqueConstraint(fields=["complaint"], condition=models.Q(status="open"),
                                    name="callback_one_open_per_complaint"),
            models.CheckConstraint(condition=models.Q(satisfaction__isnull=True)
                                   | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                                   name="callback_satisfaction_1_5"),
        ]

    def __str__(self):
        return f"{self.complaint} {self.status}"

    @property
    def satisfied(self) -> bool:
        return bool(self.solved) and (self.satisfaction or 0) >= 4


class CallbackAttempt(models.Model):
    task = models.ForeignKey(CallbackTask, verbose_name=_("callback task"), on_delete=models.CASCADE,
                             related_name="attempts")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    outcome = models.CharField(_("outcome"), max_length=15, choices=CallbackOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")

    def __str__(self):
        return f"{self.task_id} {self.outcome} @ {self.at:%Y-%m-%d %H:%M}"

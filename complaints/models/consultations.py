"""Joint consultation (联合会诊): several departments convened on a hard complaint
with a question and a deadline; each invited department sees the ticket while the
consultation is open and gives its findings; the lead records the conclusion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsultationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CONCLUDED = "concluded", _("Concluded")


class Consultation(models.Model):
    ticket = models.ForeignKey("tickets.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE,
                               related_name="consultations")
    question = models.TextField(_("question"))
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.OPEN, editable=False)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("convened by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    owning_department = models.ForeignKey("tickets.Department", verbose_name=_("owning department"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")
    cause = models.TextField(_("cause"), blank=True)
    action_plan = models.TextField(_("action plan"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("joint consultation")
        verbose_name_plural = _("joint consultations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "ticket"], name="consultation_status_idx")]

    def __str__(self):
        return f"{self.ticket_id}: {self.question[:40]}"


class ConsultationInvite(models.Model):
    consultation = models.ForeignKey(Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE,
                                     related_name="invites")
    department = models.ForeignKey("tickets.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="consultation_invites")
    findings = models.TextField(_("findings"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation invitation")
        verbose_name_plural = _("consultation invitations")
        constraints = [models.UniqueConstraint(fields=["consultation", "department"],
                                               name="consultation_invite_once")]

    def __str__(self):
        return f"{self.consultation_id} → {self.department_id}"

"""Root cause and accountability (事后分析, 问责): every closed complaint says why
(an editable taxonomy), which department answers for it and, where there is one, the
directly responsible person; the department's head confirms or disputes the finding
within a deadline, and a dispute goes to the service manager."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models.bilingual import BilingualName


class RootCause(BilingualName, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")
        ordering = ["rank", "code"]

    def __str__(self):
        return self.display_name


class FindingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the department")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    UPHELD = "upheld", _("Upheld by the manager")
    OVERTURNED = "overturned", _("Overturned by the manager")


class ComplaintFinding(models.Model):
    """The complaint's root cause and responsibility, with the accountability answer."""

    complaint = models.OneToOneField("complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE,
                                     related_name="finding")
    root_cause = models.ForeignKey(RootCause, verbose_name=_("root cause"), on_delete=models.PROTECT,
                                   related_name="findings")
    responsible_department = models.ForeignKey("tickets.Department", verbose_name=_("responsible department"),
                                               on_delete=models.PROTECT, related_name="+")
    responsible_person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"),
                                           null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    # Written only by complaints.services.accountability.finding_transition.
    status = models.CharField(_("status"), max_length=12, choices=FindingStatus.choices,
                              default=FindingStatus.PENDING, editable=False)
    respond_by = models.DateTimeField(_("answer due"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    dispute_reason = models.TextField(_("dispute reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_reason = models.TextField(_("decision reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("complaint finding")
        verbose_name_plural = _("complaint findings")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["responsible_department", "status", "recorded_at"],
                                name="finding_dept_status_idx"),
                   models.Index(fields=["status", "respond_by"], name="finding_due_idx")]

    def __str__(self):
        return f"{self.complaint_id}: {self.root_cause_id}"

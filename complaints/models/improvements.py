"""Improvement actions (整改): a suggestion to a department with a due date; proposed
→ accepted / rejected (with a reason) → done → verified by the service center with
the complaint counts of the category before and after. Overdue actions escalate."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImprovementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Done")
    VERIFIED = "verified", _("Verified")


class ImprovementAction(models.Model):
    department = models.ForeignKey("tickets.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="improvement_actions")
    category = models.ForeignKey("tickets.Category", verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    root_cause = models.ForeignKey("complaints.RootCause", verbose_name=_("root cause"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    suggestion = models.TextField(_("suggestion"))
    due_at = models.DateTimeField(_("due"))
    # Written only by complaints.services.improvements.improvement_transition.
    status = models.CharField(_("status"), max_length=10, choices=ImprovementStatus.choices,
                              default=ImprovementStatus.PROPOSED, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reject_reason = models.TextField(_("reject reason"), blank=True)
    count_before = models.PositiveIntegerField(_("complaints before"), null=True, blank=True)
    count_after = models.PositiveIntegerField(_("complaints after"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="improvement_due_idx")]

    def __str__(self):
        return self.suggestion[:60]

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tickets.models import ContactRecord

from .scorecards import ScorecardVersion


class EvaluationStatus(models.TextChoices):
    """Moves between them are listed in `qa.workflow`."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DISPUTED = "disputed", pgettext_lazy("qa dispute", "Disputed")
    REVIEWED = "reviewed", _("Reviewed")
    FINAL = "final", _("Final")


# Statuses whose score counts in the agent's month (a disputed one counts with its
# current score until reviewed; drafts never do; calibration evaluations never do).
COUNTED_STATUSES = (EvaluationStatus.SUBMITTED, EvaluationStatus.ACKNOWLEDGED, EvaluationStatus.DISPUTED,
                    EvaluationStatus.REVIEWED, EvaluationStatus.FINAL)


class Evaluation(models.Model):
    class ReviewOutcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        CHANGED = "changed", _("Score changed")

    contact = models.ForeignKey(ContactRecord, verbose_name=_("contact record"), on_delete=models.PROTECT,
                                related_name="evaluations")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
                              related_name="qa_evaluations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT,
                                  related_name="qa_evaluations_made")
    scorecard_version = models.ForeignKey(ScorecardVersion, verbose_name=_("scorecard version"),
                                          on_delete=models.PROTECT, related_name="evaluations")
    sample = models.OneToOneField("qa.Sample", verbose_name=_("sample"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="evaluation")
    calibration = models.ForeignKey("qa.CalibrationSession", verbose_name=_("calibration session"), null=True,
                                    blank=True, on_delete=models.CASCADE, related_name="evaluations")
    # The month the evaluation counts in (first day), from the contact's local date.
    month = models.DateField(_("month"))
    # Written only by qa.services.evaluations.evaluation_transition.
    status = models.CharField(_("status"), max_length=20, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.DRAFT, editable=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    base_score = models.DecimalField(_("base score"), max_digits=6, decimal_places=2, null=True, blank=True)
    bonus = models.DecimalField(_("bonus"), max_digits=6, decimal_places=2, null=True, blank=True)
    fatal = models.BooleanField(_("fatal error"), default=False)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    original_score = models.DecimalField(_("score before review"), max_digits=6, decimal_places=2, null=True,
                                         blank=True)
    dispute_reason = models.TextField(pgettext_lazy("qa dispute", "dispute reason"), blank=True)
    dispute_due_at = models.DateTimeField(_("dispute possible until"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="qa_reviews")
    review_outcome = models.CharField(_("review outcome"), max_length=10, choices=ReviewOutcome.choices, blank=True)
    review_reason = models.TextField(_("review reason"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("final at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        indexes = [
            models.Index(fields=["agent", "month"], name="qa_eval_agent_month_idx"),
            models.Index(fields=["status", "dispute_due_at"], name="qa_eval_status_due_idx"),
        ]
        constraints = [
            # One calibration score per specialist per session.
            models.UniqueConstraint(fields=["calibration", "evaluator"], name="qa_calibration_evaluator_uniq",
                                    condition=models.Q(calibration__isnull=False)),
        ]

    def __str__(self):
        return f"#{self.pk} {self.agent} {self.score if self.score is not None else '—'}"


class EvaluationEvent(models.Model):
    """Append-only history of an evaluation: who moved it, when, why."""

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="events")
    action = models.CharField(_("action"), max_length=30)
    old_status = models.CharField(_("old status"), max_length=20, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")

    def __str__(self):
        return f"{self.evaluation_id} {self.action} @ {self.at:%Y-%m-%d %H:%M}"

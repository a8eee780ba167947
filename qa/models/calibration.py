from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import ContactRecord

from .scorecards import ScorecardVersion


class CalibrationSession(models.Model):
    """校准: several QA specialists score one contact blind (nobody sees the others'
    scores while the session is open); the expert's scores, or the median, are the
    standard. Its evaluations never count in the agent's scores."""

    class Standard(models.TextChoices):
        EXPERT = "expert", _("Expert's scores")
        MEDIAN = "median", _("Median of the scores")

    class Status(models.TextChoices):
        OPEN = "open", _("Open (blind)")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    contact = models.ForeignKey(ContactRecord, verbose_name=_("contact record"), on_delete=models.PROTECT,
                                related_name="calibrations")
    scorecard_version = models.ForeignKey(ScorecardVersion, verbose_name=_("scorecard version"),
                                          on_delete=models.PROTECT, related_name="+")
    standard = models.CharField(_("standard"), max_length=10, choices=Standard.choices, default=Standard.MEDIAN)
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("expert"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("participants"),
                                          related_name="qa_calibrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN,
                              editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calibration session")
        verbose_name_plural = _("calibration sessions")

    def __str__(self):
        return self.title

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import ContactRecord

from .scorecards import ChannelKind


class SamplingPlan(models.Model):
    """A month's sample. Drawn by `qa.services.sampling.sampling_plan_draw` from the
    recorded `seed` and `parameters`, so an audit can redraw it and get the same
    contacts (`sampling_plan_verify`)."""

    month = models.DateField(_("month"), unique=True)
    seed = models.BigIntegerField(_("random seed"))
    parameters = models.JSONField(_("parameters"), default=dict)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    drawn_at = models.DateTimeField(_("drawn at"))

    class Meta:
        ordering = ["-month"]
        verbose_name = _("sampling plan")
        verbose_name_plural = _("sampling plans")

    def __str__(self):
        return f"{self.month:%Y-%m}"


class Sample(models.Model):
    class Reason(models.TextChoices):
        REGULAR = "regular", _("Regular")
        EXTRA = "extra", _("Extra (low score or complaints)")

    plan = models.ForeignKey(SamplingPlan, verbose_name=_("sampling plan"), on_delete=models.CASCADE,
                             related_name="samples")
    contact = models.ForeignKey(ContactRecord, verbose_name=_("contact record"), on_delete=models.PROTECT,
                                related_name="qa_samples")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
                              related_name="qa_samples")
    channel_kind = models.CharField(_("channel kind"), max_length=10, choices=ChannelKind.choices)
    week = models.PositiveSmallIntegerField(_("week of month"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, default=Reason.REGULAR)
    weight = models.DecimalField(_("draw weight"), max_digits=6, decimal_places=2, default=1)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("QA specialist"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="qa_samples_assigned")

    class Meta:
        ordering = ["plan", "agent", "channel_kind", "week", "id"]
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        constraints = [models.UniqueConstraint(fields=["plan", "contact"], name="qa_sample_plan_contact_uniq")]

    def __str__(self):
        return f"{self.plan} {self.agent} {self.contact_id}"


class ExemptStar(models.Model):
    """免检之星: an agent who met the exempt rule in `earned_month` and is therefore
    not sampled in the month after it (`month`)."""

    month = models.DateField(_("exempt month"))
    earned_month = models.DateField(_("earned in"))
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.CASCADE,
                              related_name="qa_stars")
    average = models.DecimalField(_("average score"), max_digits=6, decimal_places=2)
    evaluations = models.PositiveIntegerField(_("evaluations"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-month", "-average"]
        verbose_name = _("exempt star")
        verbose_name_plural = _("exempt stars")
        constraints = [models.UniqueConstraint(fields=["month", "agent"], name="qa_star_month_agent_uniq")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.agent}"

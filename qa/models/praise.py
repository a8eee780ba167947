from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import ContactRecord, Ticket


class Praise(models.Model):
    """客户表扬: a customer's praise of an agent, with its evidence; adds the
    configured bonus points in its month."""

    class Source(models.TextChoices):
        CALLBACK = "callback", _("Callback")
        SURVEY = "survey", _("Survey")
        LEAD = "lead", _("Recorded by a lead")

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
                              related_name="qa_praises")
    month = models.DateField(_("month"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    evidence = models.TextField(_("evidence"))
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    contact = models.ForeignKey(ContactRecord, verbose_name=_("contact record"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # Set from the policy when recorded, so a later policy change does not rewrite it.
    points = models.DecimalField(_("bonus points"), max_digits=5, decimal_places=2)
    # A callback/survey source may send the same praise twice: (source, reference) is unique.
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("praise")
        verbose_name_plural = _("praises")
        constraints = [models.UniqueConstraint(fields=["source", "reference"], name="qa_praise_reference_uniq",
                                               condition=~models.Q(reference=""))]

    def __str__(self):
        return f"{self.agent} {self.month:%Y-%m} +{self.points}"

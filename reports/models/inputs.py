"""Figures the center imports rather than derives: monthly order counts per channel
(the denominator of the channel complaint rate)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderCount(models.Model):
    month = models.DateField(_("month"))
    channel = models.CharField(_("channel"), max_length=20)
    orders = models.PositiveBigIntegerField(_("orders"))
    source = models.CharField(_("source"), max_length=10, default="admin")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-month", "channel"]
        verbose_name = _("monthly order count")
        verbose_name_plural = _("monthly order counts")
        constraints = [models.UniqueConstraint(fields=["month", "channel"], name="order_count_once")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.channel}: {self.orders}"

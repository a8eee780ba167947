from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """Last tick of a periodic process (one row per name), written by the beat-driven
    heartbeat task so /healthz can tell whether beat and a worker are alive."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    last_tick_at = models.DateTimeField(_("last tick at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.last_tick_at:%Y-%m-%d %H:%M:%S}"

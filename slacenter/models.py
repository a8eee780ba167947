from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """Last tick of a periodic process (one row per name), written by the beat-driven
    heartbeat task so /healthz can tell whether beat and a worker are alive."""

    # "beat": the latest tick of any beat; "beat:<instance>": one row per beat process
    # (host:pid:start), so /healthz can see two beats ticking at once.
    name = models.CharField(_("name"), max_length=200, unique=True)
    last_tick_at = models.DateTimeField(_("last tick at"))
    first_tick_at = models.DateTimeField(_("first tick at"), null=True, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.last_tick_at:%Y-%m-%d %H:%M:%S}"

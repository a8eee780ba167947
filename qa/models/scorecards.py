from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models.bilingual import BilingualName


class ChannelKind(models.TextChoices):
    VOICE = "voice", _("Voice")
    ONLINE = "online", _("Online")


# Contact record kind → the scorecard channel kind that scores it.
CONTACT_KIND_TO_CHANNEL = {"call": ChannelKind.VOICE, "chat": ChannelKind.ONLINE}


class Scorecard(BilingualName, models.Model):
    """A scorecard per channel kind. Its content lives in versions: editing makes a
    new version, evaluations keep the one they used."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    channel_kind = models.CharField(_("channel kind"), max_length=10, choices=ChannelKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["channel_kind", "id"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self):
        return self.display_name

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class ScorecardVersion(models.Model):
    """An immutable version of a scorecard: sections and items as validated by
    `qa.scoring.validate_definition`."""

    scorecard = models.ForeignKey(Scorecard, verbose_name=_("scorecard"), on_delete=models.PROTECT,
                                  related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["scorecard", "-number"]
        verbose_name = _("scorecard version")
        verbose_name_plural = _("scorecard versions")
        constraints = [models.UniqueConstraint(fields=["scorecard", "number"], name="qa_scorecard_version_uniq")]

    def __str__(self):
        return f"{self.scorecard} v{self.number}"

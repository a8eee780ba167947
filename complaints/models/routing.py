from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models.bilingual import BilingualName


class SeatGroup(BilingualName, models.Model):
    """A specialised seat group (专席组): its members take the complaints of its
    types (categories; a parent category covers its children) and customer tiers
    (empty = any). The VIP group is the green channel; the pool group takes what no
    group matches or can staff."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    categories = models.ManyToManyField("tickets.Category", verbose_name=_("complaint types"), blank=True)
    tiers = models.JSONField(_("customer tiers"), default=list, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True,
                                     related_name="seat_groups")
    is_vip = models.BooleanField(_("VIP green channel"), default=False)
    is_pool = models.BooleanField(_("pool (fallback)"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    rank = models.SmallIntegerField(_("rank"), default=0)

    class Meta:
        ordering = ["-is_vip", "is_pool", "-rank", "code"]
        verbose_name = _("seat group")
        verbose_name_plural = _("seat groups")

    def __str__(self):
        return self.display_name

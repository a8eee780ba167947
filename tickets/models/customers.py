from django.db import models
from django.utils.translation import gettext_lazy as _


def mask_phone(digits: str) -> str:
    """Lists show 138****5678: enough to recognise, not enough to copy."""
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) <= 7:
        return digits[:1] + "*" * (len(digits) - 3) + digits[-2:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


class Customer(models.Model):
    class Tier(models.TextChoices):
        VIP = "vip", _("VIP")
        GOLD = "gold", _("Gold")
        STANDARD = "standard", _("Standard")

    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.STANDARD)
    # Ids of this customer in other systems, e.g. {"member": "M1002", "wechat": "wx_..."}.
    external_ids = models.JSONField(_("external ids"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self):
        return f"{self.name} ({self.masked_phone})"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

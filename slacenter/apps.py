from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlacenterConfig(AppConfig):
    """Project-level app: the heartbeat that /healthz reads."""

    name = "slacenter"
    verbose_name = _("System")

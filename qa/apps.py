from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = _("Quality assurance")

    def ready(self):
        from .ui import register_ui

        register_ui()

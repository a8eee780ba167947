from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        # Explicit wiring through tickets' extension points: the "article used" event
        # kind and the suggestions panel on the ticket page.
        from .ui import register_ui

        register_ui()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("SLA")

    def ready(self):
        # Explicit wiring, no signals: clocks follow the ticket event log, and the SLA
        # badge and panel plug into the ticket pages through tickets.hooks.
        from tickets import hooks

        from .services.clocks import on_ticket_event
        from .views.clocks.ui import register_ui

        hooks.subscribe(on_ticket_event)
        register_ui()

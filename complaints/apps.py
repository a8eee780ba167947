from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        # Explicit wiring through tickets' extension points, no signals: event kinds,
        # the transition guard, the complaint panel and the queue badge.
        from tickets import hooks

        from .guards import root_cause_guard
        from .services.consultations import consultation_scope
        from .services.tags import on_ticket_event
        from .ui import register_ui
        from .views.consultations import panel_context as consultation_panel

        register_ui()
        hooks.register_transition_guard(root_cause_guard)
        hooks.subscribe(on_ticket_event)  # new complaints suggested to confirmed incidents
        hooks.register_scope_extension(consultation_scope)  # invited departments, while open
        hooks.register_ticket_panel(hooks.TicketPanel("consultation", "complaints/consultations/_panel.html",
                                                      consultation_panel, order=6))

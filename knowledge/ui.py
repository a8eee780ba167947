"""What the knowledge base adds to ticket pages through `tickets.hooks`: the event
kind of a used article and the suggestions panel (registered in
`KnowledgeConfig.ready()`)."""

from django.utils.translation import gettext_lazy


def panel_context(request, ticket) -> dict:
    from .permissions import can_mark_used, can_read_knowledge
    from .selectors import ticket_suggestions, used_on_ticket

    user = request.user
    if not can_read_knowledge(user):
        return {}
    suggestions = ticket_suggestions(user, ticket)
    used = used_on_ticket(user, ticket) if suggestions else set()
    return {"kb_suggestions": [{"article": a, "used": a.pk in used} for a in suggestions],
            "kb_can_mark": can_mark_used(user), "kb_shown": True}


def register_ui() -> None:
    from tickets import hooks
    from tickets.events import register_event_kind

    from .services import USED_EVENT

    register_event_kind(USED_EVENT, gettext_lazy("Knowledge article used"))
    hooks.register_ticket_panel(hooks.TicketPanel("knowledge", "knowledge/_ticket_panel.html", panel_context,
                                                  order=60))

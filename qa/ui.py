"""What QA adds to ticket pages (through `tickets.hooks`): a panel with the ticket's
contact records and, where the user may see them, their QA evaluations."""

from tickets.selectors_contacts import contact_scope

from .selectors import evaluation_scope


def panel_context(request, ticket) -> dict:
    contacts = list(contact_scope(request.user).filter(ticket=ticket).select_related("agent").order_by("offered_at"))
    if not contacts:
        return {"qa_contacts": []}
    evaluations = {}
    for evaluation in evaluation_scope(request.user).filter(contact__in=contacts).order_by("created_at"):
        evaluations.setdefault(evaluation.contact_id, []).append(evaluation)
    return {"qa_contacts": [{"contact": c, "evaluations": evaluations.get(c.pk, [])} for c in contacts]}


def register_ui() -> None:
    from tickets import hooks

    hooks.register_ticket_panel(hooks.TicketPanel("qa", "qa/_ticket_panel.html", panel_context, order=40))

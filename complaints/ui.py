"""What the complaint loop adds to ticket pages through `tickets.hooks`: the guard
that keeps the ticket from running ahead of the loop, the complaint panel and the
queue badge (registered in `ComplaintsConfig.ready()`)."""

from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets.models import TicketKind

from .models import Complaint, ComplaintStage


def transition_guard(*, ticket, action, target, actor, now):
    """A complaint ticket resolves only after the final reply, closes only after the
    loop is closed, and reopens only through the complaint (which moves first)."""
    if ticket.kind != TicketKind.COMPLAINT:
        return None
    stage = Complaint.objects.filter(ticket_id=ticket.pk).values_list("stage", flat=True).first()
    if stage is None:
        return None
    if action in ("close", "cancel") and stage != ComplaintStage.CLOSED:
        return _("This complaint's loop is not closed yet (callback, survey or a manager's reason).")
    if action == "resolve" and stage not in (ComplaintStage.ANSWERED, ComplaintStage.CLOSED):
        return _("A complaint is resolved by its final reply.")
    if action == "reopen" and stage != ComplaintStage.HANDLING:
        return _("Reopen a complaint from its complaint panel.")
    return None


def participant_scope(user):
    """Who takes part in a complaint's loop sees its ticket: an approver (e.g. the
    finance head) the tickets of the remedies addressed to them, a caller the
    complaints they are to call back."""
    from .models import ApprovalRequest, CallbackTask

    if not getattr(user, "is_authenticated", False):
        return None
    # Ticket ids (tickets.hooks: one indexed lookup each, however many tickets there are).
    approving = ApprovalRequest.objects.filter(approver=user).order_by().values("remedy__complaint__ticket_id")
    calling = CallbackTask.objects.filter(assignee=user).order_by().values("complaint__ticket_id")
    return approving.union(calling)


def annotate_queue(queryset, now):
    complaint = Complaint.objects.filter(ticket=OuterRef("pk"))
    return queryset.annotate(
        complaint_stage=Subquery(complaint.values("stage")[:1]),
        complaint_severity=Subquery(complaint.values("severity")[:1]),
        complaint_vip=Subquery(complaint.values("is_vip")[:1]),
        complaint_vip_rank=Case(When(customer__tier="vip", then=Value(0)), default=Value(1),
                                output_field=IntegerField()),
    )


def panel_context(request, ticket) -> dict:
    from .views.panel import panel_context as build

    return build(request, ticket)


def conformance_panel_context(request, ticket) -> dict:
    from .views.conformance import panel_context as build

    return build(request, ticket)


def register_ui() -> None:
    from tickets import hooks
    from tickets.events import register_event_kind

    from .event_kinds import EVENT_KINDS

    for code, label in EVENT_KINDS.items():
        register_event_kind(code, label)
    hooks.register_transition_guard(transition_guard)
    hooks.register_scope_extension(participant_scope)
    hooks.register_queue_column(hooks.QueueColumn(
        "complaint", gettext_lazy("Complaint"), "complaints/_queue_badge.html", annotate_queue,
        # Green channel first: the ticket's copy of the customer's tier, which an index over the
        # open tickets serves in order (ticket_open_vip_idx), not a sort of every open ticket.
        sort_fields={"vip": "complaint_vip_rank"}, leading_sort="-customer_vip",
    ))
    hooks.register_ticket_panel(hooks.TicketPanel("complaint", "complaints/_ticket_panel.html", panel_context,
                                                  order=5))
    hooks.register_ticket_panel(hooks.TicketPanel("complaint_conformance", "complaints/_conformance_panel.html",
                                                  conformance_panel_context, order=6))

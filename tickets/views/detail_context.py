"""Everything the ticket detail page shows, built in one place so that the page, its
htmx partial and every form error re-render agree."""

from django.template.loader import render_to_string

from .. import hooks
from ..forms import AssignForm, CommentForm, TicketEditForm, TransferAnswerForm, TransferBounceForm, TransferForm
from ..models import TransferStatus
from ..permissions import can_answer_transfer, can_assign_others, can_work_tickets, is_department_staff
from ..selectors import reply_templates, ticket_transfers_for
from ..workflow import TICKET_WORKFLOW
from .timeline import ticket_timeline


def _panels(request, ticket) -> list:
    html = []
    for panel in hooks.ticket_panels:
        context = {**(panel.get_context(request, ticket) or {}), "ticket": ticket}
        html.append(render_to_string(panel.template, context, request=request))
    return html


def _transfer_forms(user, ticket, bound: dict) -> list[dict]:
    """The open transfers this user may answer right on the ticket page."""
    rows = []
    for transfer in ticket_transfers_for(user, ticket).filter(status=TransferStatus.OPEN):
        if not transfer.in_full or not can_answer_transfer(user, transfer):
            continue
        rows.append({
            "transfer": transfer,
            "answer_form": bound.get(("answer", transfer.pk)) or TransferAnswerForm(prefix=f"t{transfer.pk}"),
            "bounce_form": bound.get(("bounce", transfer.pk)) or TransferBounceForm(prefix=f"t{transfer.pk}"),
            "error": bound.get(("error", transfer.pk)),
        })
    return rows


def detail_context(request, ticket, *, forms: dict | None = None, error_for: str = "", error=None) -> dict:
    """`forms` replaces the blank forms with bound ones after a refused post;
    `error_for` names the panel the error message belongs to."""
    user = request.user
    forms = forms or {}
    works = can_work_tickets(user)
    editable = works and ticket.is_open
    default_department = ticket.category.default_department
    transfer_initial = {}
    if default_department and not default_department.is_service_center:
        transfer_initial["department"] = default_department.pk
    templates = list(reply_templates(ticket.category)) if works else []
    return {
        "ticket": ticket,
        "timeline": ticket_timeline(user, ticket),
        "attachments": list(ticket.attachments.select_related("uploaded_by")),
        "can_work": works,
        "can_edit": editable,
        "can_assign_others": works and can_assign_others(user),
        "can_note": works or is_department_staff(user),
        "transitions": TICKET_WORKFLOW.allowed(ticket.status) if works else [],
        "reply_templates": templates,
        "comment_form": forms.get("comment") or CommentForm(internal_only=not works),
        "assign_form": forms.get("assign") or AssignForm(initial={"assignee": ticket.assignee_id}),
        "edit_form": forms.get("edit") or TicketEditForm(
            initial={"priority": ticket.priority, "category": ticket.category_id}
        ),
        "transfer_form": forms.get("transfer") or TransferForm(initial=transfer_initial),
        "transition_form": forms.get("transition"),
        "open_transfers": _transfer_forms(user, ticket, forms),
        "panels": _panels(request, ticket),
        "error_for": error_for,
        "error": error,
    }

"""The ticket detail page and the posts made from it. Each post parses one form, calls
one service and answers with the re-rendered ticket (htmx) or a redirect (plain
post); a refused post re-renders the page with the error beside its form and the
user's input kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from slacenter.errors import DomainError

from .. import services
from ..forms import AssignForm, AttachmentForm, CommentForm, TicketEditForm, TransferForm, TransitionForm
from ..permissions import can_work_tickets
from ..selectors import ticket_get
from .common import call_service, edge_now, form_error, render_page
from .detail_context import detail_context

FULL = "tickets/detail.html"
PARTIAL = "tickets/_ticket_body.html"


@login_required
@require_GET
def ticket_detail(request, pk):
    ticket = ticket_get(request.user, pk)
    return render_page(request, FULL, PARTIAL, detail_context(request, ticket))


def _done(request, pk, message: str):
    """After a successful post: the fresh ticket for htmx, a redirect otherwise."""
    messages.success(request, message)
    if not request.htmx:
        return redirect("tickets:detail", pk=pk)
    try:
        ticket = ticket_get(request.user, pk)
    except Http404:  # the change took the ticket out of this user's scope
        response = redirect("tickets:workbench")
        response["HX-Redirect"] = reverse("tickets:workbench")
        return response
    return render_page(request, FULL, PARTIAL, detail_context(request, ticket))


def _refused(request, ticket, error: DomainError, *, panel: str, form=None):
    ticket = ticket_get(request.user, ticket.pk)
    context = detail_context(request, ticket, forms={panel: form} if form else None, error_for=panel, error=error)
    return render_page(request, FULL, PARTIAL, context, status=error.status)


@login_required
@require_POST
def ticket_comment(request, pk):
    ticket = ticket_get(request.user, pk)
    form = CommentForm(request.POST, request.FILES, internal_only=not can_work_tickets(request.user))
    if not form.is_valid():
        return _refused(request, ticket, form_error(form), panel="comment", form=form)
    _result, error = call_service(
        services.comment_add, ticket=ticket, actor=request.user, body=form.cleaned_data["body"],
        visibility=form.cleaned_data["visibility"], uploaded_file=form.cleaned_data.get("file"), now=edge_now(),
    )
    if error:
        return _refused(request, ticket, error, panel="comment", form=form)
    return _done(request, pk, _("Your message was added."))


@login_required
@require_POST
def ticket_attach(request, pk):
    ticket = ticket_get(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, ticket, form_error(form), panel="attachments")
    _result, error = call_service(
        services.attachment_add, ticket=ticket, actor=request.user, uploaded_file=form.cleaned_data["file"],
        now=edge_now(),
    )
    if error:
        return _refused(request, ticket, error, panel="attachments")
    return _done(request, pk, _("The file was attached."))


@login_required
@require_POST
def ticket_transition(request, pk):
    ticket = ticket_get(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, form_error(form), panel="transition", form=form)
    _result, error = call_service(
        services.ticket_transition, ticket=ticket, actor=request.user, action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"], now=edge_now(),
    )
    if error:
        return _refused(request, ticket, error, panel="transition", form=form)
    return _done(request, pk, _("The ticket's status was changed."))


@login_required
@require_POST
def ticket_assign(request, pk):
    ticket = ticket_get(request.user, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, form_error(form), panel="assign", form=form)
    assignee = request.user if form.cleaned_data["take"] else form.cleaned_data["assignee"]
    _result, error = call_service(
        services.ticket_assign, ticket=ticket, actor=request.user, assignee=assignee, now=edge_now()
    )
    if error:
        return _refused(request, ticket, error, panel="assign", form=form)
    return _done(request, pk, _("The assignee was changed."))


@login_required
@require_POST
def ticket_edit(request, pk):
    ticket = ticket_get(request.user, pk)
    form = TicketEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, form_error(form), panel="edit", form=form)
    data = form.cleaned_data
    _result, error = call_service(
        services.ticket_update, ticket=ticket, actor=request.user, reason=data["reason"],
        priority=data["priority"], category=data["category"], now=edge_now(),
    )
    if error:
        return _refused(request, ticket, error, panel="edit", form=form)
    return _done(request, pk, _("The ticket was updated."))


@login_required
@require_POST
def ticket_transfer(request, pk):
    ticket = ticket_get(request.user, pk)
    form = TransferForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, form_error(form), panel="transfer", form=form)
    _result, error = call_service(
        services.transfer_create, ticket=ticket, actor=request.user, department=form.cleaned_data["department"],
        question=form.cleaned_data["question"], now=edge_now(),
    )
    if error:
        return _refused(request, ticket, error, panel="transfer", form=form)
    return _done(request, pk, _("The question was sent to the department."))

"""New ticket: customer look-up (htmx as you type, or a plain GET), inline customer
creation, the chosen customer's history beside the form, and the create post.

An htmx GET of the page returns only the customer area (plus the history aside,
swapped out of band), so picking or changing the customer keeps what was typed."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from slacenter.converters import MAX_ID
from slacenter.errors import DomainError
from slacenter.inputs import parse_int

from .. import services
from ..forms import CustomerCreateForm, TicketCreateForm
from ..permissions import can_work_tickets
from ..selectors import customer_get, customer_history, customer_search
from .common import call_service, edge_now, form_error

HISTORY_SHOWN = 20


def _customer_from(request, raw):
    pk = parse_int(raw, min_value=1, max_value=MAX_ID)
    return customer_get(request.user, pk) if pk else None


def _context(request, *, customer=None, ticket_form=None, customer_form=None, error=None, error_for=""):
    term = (request.GET.get("customer_q") or "").strip()[:100]
    history = list(customer_history(request.user, customer)[:HISTORY_SHOWN]) if customer else []
    return {
        "customer": customer,
        "history": history,
        "customer_q": term,
        "results": list(customer_search(request.user, term)) if term and not customer else [],
        "ticket_form": ticket_form or TicketCreateForm(),
        "customer_form": customer_form or CustomerCreateForm(),
        "can_work": can_work_tickets(request.user),
        "error": error,
        "error_for": error_for,
    }


def _render(request, context, status=200, *, customer_area=False):
    """The customer area alone when htmx asked for it, the whole page otherwise."""
    partial = customer_area and request.htmx and not request.htmx.history_restore_request
    template = "tickets/_customer_area.html" if partial else "tickets/new.html"
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def ticket_new(request):
    if request.method == "GET":
        customer = _customer_from(request, request.GET.get("customer"))
        return _render(request, _context(request, customer=customer), customer_area=True)
    form = TicketCreateForm(request.POST)
    customer = _customer_from(request, request.POST.get("customer"))
    if not form.is_valid():
        return _render(request, _context(request, customer=customer, ticket_form=form, error=form_error(form),
                                         error_for="ticket"), status=400)
    data = form.cleaned_data
    ticket, error = call_service(
        services.ticket_create,
        actor=request.user,
        customer=customer,
        title=data["title"],
        description=data["description"],
        kind=data["kind"],
        channel=data["channel"],
        category=data["category"],
        priority=data["priority"],
        assignee=request.user if data["assign_to_me"] else None,
        now=edge_now(),
    )
    if error:
        return _render(request, _context(request, customer=customer, ticket_form=form, error=error,
                                         error_for="ticket"), status=error.status)
    return redirect("tickets:detail", pk=ticket.pk)


@login_required
@require_GET
def customer_lookup(request):
    """htmx: the matching customers as you type."""
    term = (request.GET.get("customer_q") or "").strip()[:100]
    results = list(customer_search(request.user, term)) if term else []
    return render(request, "tickets/_customer_results.html", {"results": results, "customer_q": term})


@login_required
@require_POST
def customer_new(request):
    form = CustomerCreateForm(request.POST)
    if not can_work_tickets(request.user):
        # customer_create has no actor; only those who take tickets may add customers.
        error = DomainError(_("Only service-center staff can do this."), code="forbidden", status=403)
    elif not form.is_valid():
        error = form_error(form)
    else:
        customer, error = call_service(services.customer_create, **form.cleaned_data)
    if error:
        context = _context(request, customer_form=form, error=error, error_for="customer")
        return _render(request, context, status=error.status, customer_area=True)
    if request.htmx:
        return _render(request, _context(request, customer=customer), customer_area=True)
    return redirect(f"{reverse('tickets:new')}?customer={customer.pk}")

"""The staff complaint intake form (customer look-up as on the new-ticket page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from tickets.selectors import customer_get, customer_search
from tickets.views.common import call_service, edge_now, form_error

from ..forms import IntakeForm
from ..permissions import can_handle
from ..services import complaint_create


@login_required
def complaint_new(request):
    if not can_handle(request.user):
        raise Http404
    form = IntakeForm(request.POST or None, initial={"channel": "hotline", "severity": "general"})
    error = None
    customer = None
    term = (request.GET.get("customer_q") or "").strip()[:100]
    results = list(customer_search(request.user, term)) if term else []
    if request.method == "GET" and request.GET.get("customer"):
        try:
            customer = customer_get(request.user, int(request.GET["customer"]))
        except (TypeError, ValueError):
            raise Http404 from None
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            customer = customer_get(request.user, data.pop("customer"))
            complaint, error = call_service(complaint_create, actor=request.user, customer=customer, now=edge_now(),
                                            **data)
            if error is None:
                return redirect("tickets:detail", complaint.ticket_id)
        else:
            error = form_error(form)
    status = 400 if error is not None else 200
    context = {"form": form, "error": error, "customer": customer, "customer_q": term, "results": results}
    return render(request, "complaints/new.html", context, status=status)

"""Contact records in the QA pages: the month's figures per agent and the intraday
service-level profile per queue (from `tickets.selectors_contacts`), and the CSV/XLSX
import with its row-by-row error report."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.selectors_contacts import agent_month_figures, contact_scope, interval_figures, month_range
from tickets.services.contact_files import contacts_import_file
from tickets.services.contacts import COLUMNS, can_import_contacts

from .common import month_param

MAX_UPLOAD = 20 * 1024 * 1024


def _page(request, month, errors=None, error_count=0):
    contacts = contact_scope(request.user)
    per_agent = agent_month_figures(contacts, month)
    people = get_user_model().objects.in_bulk(list(per_agent))
    agents = sorted(({"agent": people.get(pk), **row} for pk, row in per_agent.items()),
                    key=lambda r: -r["handled"])
    start, end = month_range(month)
    threshold = 20
    profile = interval_figures(contacts, start, end, minutes=60, threshold=threshold, by_day=False)
    return render(request, "qa/contacts.html", {
        "month": month, "agents": agents, "profile": profile, "threshold": threshold,
        "can_import": can_import_contacts(request.user), "columns": COLUMNS, "errors": errors or [],
        "error_count": error_count,
    })


@login_required
def contacts(request):
    month = month_param(request)
    if request.method != "POST":
        return _page(request, month)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to import."))
        return _page(request, month)
    if upload.size > MAX_UPLOAD:
        messages.error(request, _("The file is larger than 20 MB; split it or use the API."))
        return _page(request, month)
    try:
        result = contacts_import_file(name=upload.name, data=upload.read(), actor=request.user,
                                      source=request.POST.get("source", "").strip()[:30] or None, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, month, exc.extra.get("errors"), exc.extra.get("error_count", 0))
    messages.success(request, _("%(created)s contact records imported, %(unchanged)s already there.")
                     % {"created": result.created, "unchanged": result.unchanged})
    return _page(request, month)

"""Home redirect, notifications, the unified customer view and attachment downloads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..permissions import can_work_tickets, is_department_staff, role_of
from ..selectors import attachment_get, customer_get, customer_history, notifications_for
from .common import edge_now, safe_link

NOTIFICATIONS_SHOWN = 100


@login_required
@require_GET
def home(request):
    """Each role lands where its work is (`settings.LANDING_PAGES`): agents on their
    queue, leads and QA on the team queue, managers on the overview, department staff
    on their inbox, heads on their department's SLA page."""
    for target in settings.LANDING_PAGES.get(role_of(request.user), []):
        name, _sep, query = target.partition("?")
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        return redirect(f"{url}?{query}" if query else url)
    return redirect("tickets:inbox" if is_department_staff(request.user) else "tickets:workbench")


@login_required
@require_GET
def notifications(request):
    rows = [
        {"notification": n, "link": safe_link(n.url)}
        for n in notifications_for(request.user, now=edge_now())[:NOTIFICATIONS_SHOWN]
    ]
    return render(request, "tickets/notifications.html", {"rows": rows})


@login_required
@require_POST
def notifications_read(request):
    count = services.notification_mark_read(user=request.user, now=edge_now())
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("tickets:notifications")


@login_required
@require_GET
def customer_detail(request, pk):
    customer = customer_get(request.user, pk)
    return render(request, "tickets/customer.html", {
        "customer": customer,
        # The full number only for those who call customers back.
        "phone": customer.phone if can_work_tickets(request.user) else customer.masked_phone,
        "external_ids": sorted((customer.external_ids or {}).items()),
        "tickets": customer_history(request.user, customer),
    })


@login_required
@require_GET
def attachment_download(request, pk):
    attachment = attachment_get(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file is missing from storage.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Monthly order counts per channel: list, one-by-one entry and CSV import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slacenter.errors import DomainError
from tickets.models import Channel

from .. import selectors
from ..permissions import can_import_orders
from ..services import order_count_set, order_counts_import_csv
from .common import parse_month


@login_required
def order_list(request):
    if not can_import_orders(request.user):
        raise Http404
    return render(request, "reports/orders.html", {"rows": selectors.order_counts()[:200],
                                                   "channels": Channel.choices})


@login_required
@require_POST
def order_set(request):
    if not can_import_orders(request.user):
        raise Http404
    try:
        if request.FILES.get("file"):
            upload = request.FILES["file"]
            if upload.size > 2 * 1024 * 1024:
                raise DomainError(_("The file is larger than 2 MiB."), field="file", status=413)
            n = order_counts_import_csv(actor=request.user, data=upload.read(), now=timezone.now())
            messages.success(request, _("%(n)s order count(s) imported.") % {"n": n})
        else:
            order_count_set(actor=request.user, month=parse_month((request.POST.get("month") or "")[:7]),
                            channel=request.POST.get("channel", ""), orders=request.POST.get("orders", ""),
                            now=timezone.now())
            messages.success(request, _("Order count saved."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reports:orders")

"""The agent workbench: queue tabs, filters (the API's `TicketFilter`), sorting and
paging over `tickets.selectors.ticket_list(user)`. The query count does not grow with the rows:
everything a row shows is joined or annotated."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from slacenter.pagination import CappedPaginator

from .. import hooks
from ..filters import TicketFilter
from ..forms import SORT_FIELDS, QueueFilterForm
from ..models.tickets import OPEN_STATUSES
from ..permissions import can_work_tickets, sees_whole_center
from ..selectors import ticket_list
from .common import edge_now, render_page

PAGE_SIZE = 25
TABS = [("mine", _("My queue")), ("team", _("Team queue")), ("all", _("All"))]
# The tabs of open work, where upper apps' leading sorts apply ("all" is history and search).
WORK_TABS = {"mine", "team"}


def _tab_queryset(user, tab: str, qs):
    if tab == "mine":
        return qs.filter(assignee=user, status__in=OPEN_STATUSES)
    if tab == "team":
        if sees_whole_center(user):
            return qs.filter(status__in=OPEN_STATUSES)
        return qs.filter(assignee__isnull=True, status__in=OPEN_STATUSES)
    return qs


def _extra_sorts() -> tuple[dict, list]:
    """Public sort keys registered by queue columns (e.g. "urgency") → annotated field,
    and their choices for the sort select."""
    sorts, choices = {}, []
    for column in hooks.queue_columns:
        sorts.update(column.sort_fields)
        for key in column.sort_fields:
            choices += [
                (key, _("%(column)s: most urgent first") % {"column": column.header}),
                (f"-{key}", _("%(column)s: least urgent first") % {"column": column.header}),
            ]
    return sorts, choices


def _apply_filters(request, qs):
    """The same `TicketFilter` as the API, on the same parameters (category with its
    whole subtree, search in the description too, phone search as masking allows).
    Values it does not understand are left out (the form reports them)."""
    return TicketFilter(request.GET, queryset=qs, request=request).qs


def _ordering(sort: str, extra: dict) -> list[str]:
    key, descending = sort.lstrip("-"), sort.startswith("-")
    field = SORT_FIELDS.get(key) or extra.get(key)
    if not field:
        return ["-created_at", "-id"]
    return [f"-{field}" if descending else field, "-id"]


@login_required
@require_GET
def workbench(request):
    user = request.user
    # Leads, QA and managers work the team queue; agents their own.
    default_tab = "team" if sees_whole_center(user) else "mine" if can_work_tickets(user) else "all"
    tab = request.GET.get("tab") or default_tab
    if tab not in dict(TABS):
        tab = default_tab
    extra, extra_choices = _extra_sorts()
    form = QueueFilterForm(request.GET or None, extra_sorts=extra_choices)
    data = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data  # only the valid fields; invalid ones are shown and ignored
    now = edge_now()
    qs = _apply_filters(request, _tab_queryset(user, tab, ticket_list(user)))
    for column in hooks.queue_columns:
        qs = column.annotate(qs, now)
    leading = [c.leading_sort for c in hooks.queue_columns if c.leading_sort] if tab in WORK_TABS else []
    qs = qs.order_by(*leading, *_ordering(data.get("sort") or "-created", extra))
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))  # "more than 1000", not a count of all
    context = {
        "tabs": TABS,
        "tab": tab,
        "form": form,
        "page": page,
        "rows": page.object_list,
        "columns": hooks.queue_columns,
        "sort": data.get("sort") or "-created",
    }
    return render_page(request, "tickets/workbench.html", "tickets/_queue.html", context)

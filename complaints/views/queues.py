"""My approvals, the callback queue and the complaint list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ..forms import DecisionForm
from ..models import ComplaintStage
from ..permissions import can_handle
from ..selectors import approvals_for, callbacks_for, complaint_list


@login_required
def my_approvals(request):
    rows = list(approvals_for(request.user))
    return render(request, "complaints/approvals.html", {"rows": rows, "form": DecisionForm()})


@login_required
def callback_queue(request):
    if not can_handle(request.user):
        raise Http404
    mine = request.GET.get("mine") == "1"
    page = Paginator(callbacks_for(request.user, mine_only=mine), 50).get_page(request.GET.get("page"))
    return render(request, "complaints/callbacks.html", {"page": page, "mine": mine})


@login_required
def complaints(request):
    stage = request.GET.get("stage") or ""
    qs = complaint_list(request.user)
    if stage in ComplaintStage.values:
        qs = qs.filter(stage=stage)
    with_reason = request.GET.get("with_reason") == "1"
    if with_reason:  # loops closed by a manager's reason instead of a callback or survey
        qs = qs.filter(stage=ComplaintStage.CLOSED).exclude(close_reason="")
    drill, drill_query = _drill_down(request, qs)
    status, drill_error = 200, ""
    if drill is not None:
        if drill.is_valid():
            qs = drill.qs
        else:
            status, qs = 400, qs.none()
            drill_error = "; ".join(f"{k}: {' '.join(v)}" for k, v in drill.errors.items())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "complaints/list.html", {"page": page, "stage": stage, "stages": ComplaintStage.choices,
                                                    "with_reason": with_reason, "drill": drill_query,
                                                    "drill_error": drill_error, "drill_keys": DRILL_PARAMS},
                  status=status)


# The list's filters beyond stage: the hotspot drill-down (complaints.filters.ComplaintFilter).
DRILL_PARAMS = ("category", "root_cause", "department", "tag", "term", "created_after", "created_before")


def _drill_down(request, qs):
    from django.utils.http import urlencode

    from ..filters import ComplaintFilter

    data = {k: request.GET[k] for k in DRILL_PARAMS if request.GET.get(k)}
    if not data:
        return None, ""
    return ComplaintFilter(data, queryset=qs), urlencode(data)

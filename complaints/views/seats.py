"""Seat-group management (team leads and managers)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from tickets.views.common import call_service, edge_now, form_error

from ..forms import SeatGroupForm
from ..permissions import can_manage_seats
from ..selectors import authority_limits, seat_groups
from ..services import seat_group_create, seat_group_update


def _require(user):
    if not can_manage_seats(user):
        raise Http404


@login_required
def seat_group_list(request):
    _require(request.user)
    return render(request, "complaints/seat_groups.html",
                  {"groups": seat_groups(), "limits": authority_limits()})


@login_required
def seat_group_edit(request, pk=None):
    _require(request.user)
    group = get_object_or_404(seat_groups(), pk=pk) if pk else None
    initial = {}
    if group is not None:
        initial = {"name": group.name, "name_en": group.name_en, "code": group.code, "tiers": group.tiers,
                   "categories": list(group.categories.all()), "members": list(group.members.all()),
                   "is_vip": group.is_vip, "is_pool": group.is_pool, "is_active": group.is_active,
                   "rank": group.rank}
    form = SeatGroupForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            if group is None:
                data.pop("is_active")
                _result, error = call_service(seat_group_create, actor=request.user, now=edge_now(), **data)
            else:
                data.pop("code")
                _result, error = call_service(seat_group_update, actor=request.user, group=group, now=edge_now(),
                                              **data)
            if error is None:
                return redirect("complaints:seat_groups")
        else:
            error = form_error(form)
    return render(request, "complaints/seat_group_form.html", {"form": form, "group": group, "error": error},
                  status=400 if error else 200)

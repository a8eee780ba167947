"""Staffing (排班): required agents per half hour by Erlang C from the contact records,
against those who actually answered, and a shift-plan check. Center-wide roles only."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from tickets.permissions import sees_whole_center

from ..sources.contacts import week_profile
from ..staffing.plan import parse_shifts, staffing_table
from ..staffing.shifts import plan_check, slot_label


def _float(value, default, low, high):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


@login_required
def staffing(request):
    if not sees_whole_center(request.user):
        raise Http404
    level = _float(request.GET.get("level"), 80, 1, 99.9) / 100
    seconds = _float(request.GET.get("seconds"), 20, 0, 3600)
    shrinkage = _float(request.GET.get("shrinkage"), 30, 0, 90) / 100
    weeks = int(_float(request.GET.get("weeks"), 4, 1, 12))
    profile = week_profile(request.user, today=timezone.localdate(), weeks=weeks)
    rows = staffing_table(profile, target_level=level, target_seconds=seconds, shrinkage=shrinkage)
    check = None
    text = request.POST.get("shifts", "") if request.method == "POST" else ""
    errors = []
    if text:
        shifts, errors = parse_shifts(text)
        required = {(r["weekday"], r["slot"]): r["scheduled"] for r in rows}
        check = plan_check(shifts, required)
        for gap in check["gaps"]:
            gap["label"] = slot_label(gap["slot"])
    return render(request, "reports/staffing.html", {
        "rows": rows, "profile": profile, "level": level * 100, "seconds": seconds, "shrinkage": shrinkage * 100,
        "weeks": weeks, "check": check, "shifts_text": text, "errors": errors,
        "short": sum(1 for r in rows if r["short"]),
    })

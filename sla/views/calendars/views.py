"""Calendar pages: list, detail (versions, year grid, overrides), edit weekly hours,
add/remove an override, import a year's statutory holidays (with its review list),
and the due-date simulator. Thin: parse a form, call one service, render; a
DomainError comes back as a form error."""

from datetime import date
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from slacenter.errors import DomainError
from slacenter.inputs import parse_int

from ...kernel_calendars import local_date, version_at
from ...models import CalendarOverride
from ...permissions import can_edit_calendars
from ...selectors.calendars import (
    calendar_get,
    calendar_list,
    calendar_overrides,
    calendar_version_views,
    simulate_due,
    year_grid,
)
from ...services.calendars import (
    calendar_import_statutory,
    calendar_override_delete,
    calendar_override_set,
    calendar_version_create,
)
from .forms import ImportForm, OverrideForm, SimulateForm, WeeklyHoursForm


def _editable(request, pk):
    calendar = calendar_get(request.user, pk)
    if not can_edit_calendars(request.user):
        raise PermissionDenied
    return calendar


def _year(request, default: int) -> int:
    return parse_int(request.GET.get("year"), default, min_value=2001, max_value=2100)


@login_required
def calendar_list_view(request):
    return render(request, "sla/calendars/list.html", {
        "calendars": calendar_list(request.user),
        "can_edit": can_edit_calendars(request.user),
    })


@login_required
def calendar_detail_view(request, pk):
    calendar = calendar_get(request.user, pk)
    now = timezone.now()
    year = _year(request, local_date(calendar, now).year)
    return render(request, "sla/calendars/detail.html", {
        "calendar": calendar,
        "versions": calendar_version_views(calendar, now),
        "year": year,
        "months": year_grid(calendar, year),
        "overrides": calendar_overrides(calendar, year=year),
        "can_edit": can_edit_calendars(request.user),
        "today": local_date(calendar, now),
    })


@login_required
@require_http_methods(["GET", "POST"])
def calendar_hours_view(request, pk):
    calendar = _editable(request, pk)
    now = timezone.now()
    current = version_at(calendar, now)
    form = WeeklyHoursForm(request.POST or None, weekly=current.weekly,
                           initial={"effective_from": local_date(calendar, now)})
    if request.method == "POST" and form.is_valid():
        try:
            calendar_version_create(calendar=calendar, weekly=form.cleaned_data["weekly"],
                                    effective_from=form.cleaned_data["effective_from"],
                                    note=form.cleaned_data["note"], actor=request.user, now=now)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("New weekly hours saved."))
            return redirect("sla:calendar_detail", pk=calendar.pk)
    return render(request, "sla/calendars/hours.html", {"calendar": calendar, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def override_add_view(request, pk):
    calendar = _editable(request, pk)
    now = timezone.now()
    form = OverrideForm(request.POST or None, initial={"date": request.GET.get("date") or local_date(calendar, now)})
    if request.method == "POST" and form.is_valid():
        try:
            calendar_override_set(calendar=calendar, actor=request.user, now=now, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Override saved."))
            return redirect("sla:calendar_detail", pk=calendar.pk)
    return render(request, "sla/calendars/override_form.html", {"calendar": calendar, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def override_delete_view(request, pk, day: date):
    calendar = _editable(request, pk)
    try:
        calendar_override_delete(calendar=calendar, date=day, actor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Override removed."))
    return redirect(f"{calendar_detail_url(calendar)}?year={day.year}")


def calendar_detail_url(calendar) -> str:
    return reverse("sla:calendar_detail", kwargs={"pk": calendar.pk})


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request, pk):
    calendar = _editable(request, pk)
    now = timezone.now()
    form = ImportForm(request.POST or None, initial={"year": local_date(calendar, now).year + 1})
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            summary = calendar_import_statutory(calendar=calendar, year=form.cleaned_data["year"],
                                                actor=request.user, now=now)
        except DomainError as exc:
            form.add_error(None, exc.message)
    year = summary.year if summary else _year(request, local_date(calendar, now).year)
    imported = calendar_overrides(calendar, year=year, source=CalendarOverride.Source.IMPORTED)
    return render(request, "sla/calendars/import.html", {
        "calendar": calendar, "form": form, "summary": summary, "year": year, "imported": imported,
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def simulate_view(request, pk):
    calendar = calendar_get(request.user, pk)
    now = timezone.now()
    zone = ZoneInfo(calendar.timezone)
    result = None
    with timezone.override(zone):  # the start is typed in the calendar's local time
        form = SimulateForm(request.POST or None, initial={
            "start": now.astimezone(zone).strftime("%Y-%m-%dT%H:%M"), "amount": 8, "unit": "hours"})
        valid = request.method == "POST" and form.is_valid()
    if valid:
        try:
            result = simulate_due(calendar=calendar, start=form.cleaned_data["start"],
                                  **form.cleaned_data["duration"])
        except DomainError as exc:
            form.add_error(None, exc.message)
    context = {"calendar": calendar, "form": form, "result": result}
    status = 400 if form.errors else 200
    if request.htmx:
        return render(request, "sla/calendars/_simulation.html", context, status=status)
    return render(request, "sla/calendars/simulate.html", context, status=status)

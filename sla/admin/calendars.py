"""Admin for service calendars. Rows that carry rules are read-only here: versions
and overrides are written through `sla.services.calendars` (the calendar pages,
the admin actions below), so the past is never rewritten from the admin either."""

from zoneinfo import ZoneInfo

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from slacenter.errors import DomainError
from tickets.admin.base import ReadOnlyAdmin, ReadOnlyInline, ServiceSaveMixin
from tickets.models import Department

from ..models import CalendarOverride, CalendarVersion, ServiceCalendar
from ..selectors.calendars import simulate_due
from ..services.calendars import calendar_default_for_department, calendar_import_statutory, calendar_update
from ..views.calendars.forms import ImportForm, SimulateForm


class VersionInline(ReadOnlyInline):
    model = CalendarVersion
    fields = readonly_fields = ["effective_from", "weekly", "note", "created_by", "created_at"]


class OverrideInline(ReadOnlyInline):
    model = CalendarOverride
    fields = readonly_fields = ["date", "kind", "hours", "name", "name_en", "source"]

    def get_queryset(self, request):
        # The current and next year only: the full history lives in the override list.
        year = timezone.localdate().year
        return super().get_queryset(request).filter(date__year__in=[year, year + 1])


class ImportYearForm(ImportForm):
    pass


@admin.register(ServiceCalendar)
class ServiceCalendarAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ["name", "department", "timezone", "observes_statutory_holidays", "is_active", "revision"]
    list_filter = ["is_active", "observes_statutory_holidays", "department__kind"]
    search_fields = ["name", "department__name", "department__code"]
    # The zone and the statutory flag shape every past due date: changed only by a new calendar.
    readonly_fields = ["timezone", "observes_statutory_holidays", "revision", "tools"]
    fields = ["name", "department", "timezone", "observes_statutory_holidays", "is_active", "revision", "tools"]
    inlines = [VersionInline, OverrideInline]
    actions = ["import_statutory_holidays", "create_default_calendars"]

    def has_add_permission(self, request):
        return False  # created by calendar_default_for_department (action below, demo, pages)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivated, never deleted: clocks and versions name it

    def save_model(self, request, obj, form, change):
        """Name and activity through `calendar_update` (its checks, the revision bump
        and the replay of open clocks); a refusal comes back as a message."""
        data = form.cleaned_data
        saved = calendar_update(calendar=obj, actor=request.user, now=timezone.now(), name=data.get("name"),
                                name_en=data.get("name_en"), is_active=data.get("is_active"))
        obj.revision = saved.revision

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "department"] if obj else self.readonly_fields

    @admin.display(description=_("Tools"))
    def tools(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:sla_servicecalendar_simulate", args=[obj.pk]), gettext("Due-date simulator"),
            reverse("sla:calendar_detail", args=[obj.pk]), gettext("Calendar page (versions, overrides)"),
            reverse("admin:sla_calendaroverride_changelist") + f"?calendar__id__exact={obj.pk}&source__exact=imported",
            gettext("Imported days"),
        )

    def get_urls(self):
        extra = [path("<path:object_id>/simulate/", self.admin_site.admin_view(self.simulate_view),
                      name="sla_servicecalendar_simulate")]
        return extra + super().get_urls()

    def simulate_view(self, request, object_id):
        calendar = self.get_object(request, object_id)
        if calendar is None or not self.has_view_permission(request, calendar):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        zone, result = ZoneInfo(calendar.timezone), None
        with timezone.override(zone):
            form = SimulateForm(request.POST or None, initial={
                "start": timezone.now().astimezone(zone).strftime("%Y-%m-%dT%H:%M"), "amount": 8, "unit": "hours"})
            valid = request.method == "POST" and form.is_valid()
        if valid:
            try:
                result = simulate_due(calendar=calendar, start=form.cleaned_data["start"],
                                      **form.cleaned_data["duration"])
            except DomainError as exc:
                form.add_error(None, exc.message)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": calendar,
                   "title": gettext("Due-date simulator"), "calendar": calendar, "form": form, "result": result}
        return TemplateResponse(request, "sla/calendars/admin_simulate.html", context)

    @admin.action(description=_("Import China's statutory holidays for a year"))
    def import_statutory_holidays(self, request, queryset):
        if "apply" in request.POST:
            form = ImportYearForm(request.POST)
            if form.is_valid():
                year, now = form.cleaned_data["year"], timezone.now()
                for calendar in queryset:
                    try:
                        summary = calendar_import_statutory(calendar=calendar, year=year, actor=request.user, now=now)
                    except DomainError as exc:
                        self.message_user(request, f"{calendar}: {exc.message}", messages.WARNING)
                        continue
                    self.message_user(request, gettext(
                        "%(calendar)s: %(added)d added, %(changed)d changed, %(unchanged)d unchanged, "
                        "%(removed)d removed, %(kept)d kept as entered by hand, %(past)d past days left alone.") % {
                        "calendar": calendar, "added": len(summary.added), "changed": len(summary.changed),
                        "unchanged": len(summary.unchanged), "removed": len(summary.removed),
                        "kept": len(summary.kept_manual), "past": len(summary.skipped_past)})
                review = reverse("admin:sla_calendaroverride_changelist")
                return HttpResponseRedirect(f"{review}?source__exact=imported&date__year={year}")
        else:
            form = ImportYearForm(initial={"year": timezone.localdate().year + 1})
        return render(request, "sla/calendars/admin_import.html", {
            **self.admin_site.each_context(request), "title": gettext("Import China's statutory holidays"),
            "opts": self.opts, "calendars": queryset, "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    @admin.action(description=_("Create default calendars for departments without one"))
    def create_default_calendars(self, request, queryset):
        now, created = timezone.now(), 0
        for department in Department.objects.filter(is_active=True).exclude(calendars__is_active=True):
            calendar_default_for_department(department=department, now=now)
            created += 1
        self.message_user(request, gettext("%(count)d default calendars created.") % {"count": created})


@admin.register(CalendarVersion)
class CalendarVersionAdmin(ReadOnlyAdmin):
    list_display = ["calendar", "effective_from", "note", "created_by", "created_at"]
    list_filter = ["calendar"]
    list_select_related = ["calendar", "created_by"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ReadOnlyAdmin):
    list_display = ["date", "calendar", "kind", "name", "name_en", "hours_display", "source"]
    list_filter = ["source", "kind", "calendar"]
    date_hierarchy = "date"
    search_fields = ["name", "name_en"]
    list_select_related = ["calendar"]

    @admin.display(description=_("hours"))
    def hours_display(self, obj):
        return ", ".join(f"{a}-{b}" for a, b in obj.hours) or pgettext("calendar day", "Closed")


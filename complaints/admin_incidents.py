"""Admin of batch early warning: rules are edited here (plain settings rows); alerts,
incidents and their links are written only by the services — read-only, with actions
calling them. Imported by `complaints.admin`."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.admin.base import ReadOnlyAdmin, ReadOnlyInline, run_per_object

from .models import (
    ComplaintFinding,
    Consultation,
    ConsultationInvite,
    EarlyWarningAlert,
    EarlyWarningRule,
    ImprovementAction,
    Incident,
    IncidentBroadcast,
    IncidentLink,
    RootCause,
)
from .services.incidents import incident_confirm, incident_link_decide


@admin.register(EarlyWarningRule)
class EarlyWarningRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "dimension", "window_minutes", "baseline_weeks", "min_count", "k", "is_active")
    list_filter = ("dimension", "is_active")


@admin.register(EarlyWarningAlert)
class EarlyWarningAlertAdmin(ReadOnlyAdmin):
    list_display = ("value_key", "rule", "window_end", "count", "baseline_mean", "baseline_sd", "incident")
    list_filter = ("rule",)


class LinkInline(ReadOnlyInline):
    model = IncidentLink
    fields = ("complaint", "status", "decided_by", "updated_at")


class BroadcastInline(ReadOnlyInline):
    model = IncidentBroadcast
    fields = ("key", "purpose", "body", "actor", "created_at")


@admin.action(description=_("Confirm the incident"))
def confirm(modeladmin, request, queryset):
    run_per_object(modeladmin, request, queryset,
                   lambda obj, now: incident_confirm(actor=request.user, incident=obj, now=now), _("Confirmed"))


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "category", "tag", "responsible_department", "is_major", "opened_at")
    list_filter = ("status", "is_major")
    search_fields = ("title", "tag")
    inlines = [LinkInline, BroadcastInline]
    actions = [confirm]


@admin.action(description=_("Link to the incident"))
def link(modeladmin, request, queryset):
    run_per_object(modeladmin, request, queryset,
                   lambda obj, now: incident_link_decide(actor=request.user, link=obj, accept=True, now=now),
                   _("Linked"))


@admin.register(IncidentLink)
class IncidentLinkAdmin(ReadOnlyAdmin):
    list_display = ("incident", "complaint", "status", "updated_at")
    list_filter = ("status",)
    actions = [link]


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    """The editable root-cause taxonomy (plain reference rows)."""

    list_display = ("code", "name", "name_en", "is_active", "rank")
    list_filter = ("is_active",)


@admin.register(ComplaintFinding)
class ComplaintFindingAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "root_cause", "responsible_department", "responsible_person", "status",
                    "respond_by")
    list_filter = ("status", "root_cause", "responsible_department")


class InviteInline(ReadOnlyInline):
    model = ConsultationInvite
    fields = ("department", "findings", "answered_by", "answered_at", "reply_clock")
    readonly_fields = ("reply_clock",)

    @admin.display(description=_("Reply clock"))
    def reply_clock(self, invite):
        """The department's consultation reply SLA clock: state and due time."""
        from sla.models import TicketClock

        clock = TicketClock.objects.filter(metric="consultation_reply", item_id=invite.pk).first()
        if clock is None:
            return "—"
        due = timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M") if clock.due_at else "—"
        return f"{clock.get_state_display()} · {due}"


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "status", "deadline", "owning_department", "created_at")
    list_filter = ("status",)
    inlines = [InviteInline]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(ReadOnlyAdmin):
    list_display = ("suggestion", "department", "category", "status", "due_at", "count_before", "count_after")
    list_filter = ("status", "department")

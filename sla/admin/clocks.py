"""Admin for policies (writes through the policy services, which bump the revision
and replay open tickets' clocks), and read-only clocks, breaches and escalations."""

from django.contrib import admin
from django.utils import timezone

from sla.models import Breach, EscalationLog, EscalationRule, SlaPolicy, TicketClock
from sla.services.policies import POLICY_FIELDS, policy_create, policy_update


class EscalationRuleInline(admin.TabularInline):
    model = EscalationRule
    extra = 0
    fields = ["level", "trigger", "percent", "offset_minutes", "notify", "urgency", "action"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "metric", "kind", "priority", "tier", "category", "channel", "rank", "target_minutes",
                    "target_days", "is_active", "revision"]
    list_filter = ["metric", "is_active", "tier"]
    fields = list(POLICY_FIELDS)
    inlines = [EscalationRuleInline]

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data.get(f) for f in POLICY_FIELDS if f in form.cleaned_data}
        now = timezone.now()
        if change:
            saved = policy_update(policy=obj, actor=request.user, now=now, **values)
        else:
            saved = policy_create(actor=request.user, now=now, **values)
        obj.pk, obj.revision = saved.pk, saved.revision

    def save_related(self, request, form, formsets, change):
        # Rules edited inline: saved, then the policy revision bumped (a change of rules
        # is a change of policy) by a no-op update through the service.
        super().save_related(request, form, formsets, change)
        policy_update(policy=form.instance, actor=request.user, now=timezone.now())


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TicketClock)
class TicketClockAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "metric", "state", "started_at", "due_at", "stopped_at", "responsible_department"]
    list_filter = ["metric", "state"]
    list_select_related = ["ticket", "responsible_department"]
    raw_id_fields = ["ticket", "transfer"]


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "metric", "breached_at", "department", "person", "recorded_at"]
    list_filter = ["metric", "department"]
    list_select_related = ["ticket", "department", "person"]


@admin.register(EscalationLog)
class EscalationLogAdmin(ReadOnlyAdmin):
    list_display = ["clock", "level", "scheduled_at", "fired_at"]

"""Admin for policies and their escalation rules (every write through the policy
services, which check the rules, bump the revision and replay open tickets' clocks;
a refusal comes back as a message, never a 500), and read-only clocks, breaches and
escalations."""

from django.contrib import admin
from django.utils import timezone

from sla.models import Breach, EscalationLog, EscalationRule, SlaPolicy, TicketClock
from sla.services.policies import (
    POLICY_FIELDS,
    escalation_rule_delete,
    escalation_rule_set,
    policy_create,
    policy_update,
)
from tickets.admin.base import ReadOnlyAdmin, ServiceSaveMixin

RULE_FIELDS = ["level", "trigger", "percent", "offset_minutes", "notify", "urgency", "action"]


class EscalationRuleInline(admin.TabularInline):
    model = EscalationRule
    extra = 0
    fields = RULE_FIELDS


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ["name", "metric", "kind", "priority", "tier", "category", "channel", "rank", "target_minutes",
                    "target_days", "is_active", "revision"]
    list_filter = ["metric", "is_active", "tier"]
    fields = list(POLICY_FIELDS)
    inlines = [EscalationRuleInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a policy is deactivated (`is_active`), never deleted: clocks name it

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data.get(f) for f in POLICY_FIELDS if f in form.cleaned_data}
        now = timezone.now()
        if change:
            saved = policy_update(policy=obj, actor=request.user, now=now, **values)
        else:
            saved = policy_create(actor=request.user, now=now, **values)
        obj.pk, obj.revision = saved.pk, saved.revision

    def save_formset(self, request, form, formset, change):
        """Rules edited inline go through `escalation_rule_set` / `escalation_rule_delete`
        (their checks, the revision bump and the replay), never a bare model save."""
        if formset.model is not EscalationRule:
            return super().save_formset(request, form, formset, change)
        now, policy = timezone.now(), form.instance
        deleted = set(formset.deleted_forms)
        for row in formset.forms:
            rule = row.instance if row.instance.pk else None
            if row in deleted:
                if rule is not None:
                    escalation_rule_delete(rule=rule, actor=request.user, now=now)
                continue
            if not row.has_changed():
                continue
            data = row.cleaned_data
            if rule is not None and row.initial.get("level") != data["level"]:  # moved to another level
                escalation_rule_delete(rule=rule, actor=request.user, now=now)
            escalation_rule_set(
                policy=policy, level=data["level"], trigger=data["trigger"], percent=data.get("percent"),
                offset_minutes=data.get("offset_minutes"), notify=data.get("notify") or [],
                urgency=data["urgency"], action=data.get("action") or "", actor=request.user, now=now,
            )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None


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
    list_display = ["clock", "level", "scheduled_at", "fired_at", "skipped"]

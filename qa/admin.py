"""QA admin. Writes go through the services (a new scorecard version, praise, lead
inputs, the policy, computing and locking a month); rows the services own are
read-only here."""

import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tickets.admin.base import ReadOnlyAdmin, ReadOnlyInline, ServiceSaveMixin, run_per_object

from .models import (
    AgentInput,
    AgentPerformance,
    CalibrationSession,
    Evaluation,
    EvaluationEvent,
    ExemptStar,
    PerformanceMonth,
    Praise,
    QaPolicy,
    Sample,
    SamplingPlan,
    Scorecard,
    ScorecardVersion,
)
from .services import performance as performance_services
from .services import praise as praise_services
from .services import scorecards as scorecard_services


class ScorecardForm(forms.ModelForm):
    definition = forms.JSONField(label=_("definition (saved as a new version)"),
                                 widget=forms.Textarea(attrs={"rows": 20, "cols": 100}))
    note = forms.CharField(label=_("version note"), required=False, max_length=200)

    class Meta:
        model = Scorecard
        fields = ["name", "name_en", "channel_kind", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.current_version:
            self.fields["definition"].initial = self.instance.current_version.definition
            self.fields["channel_kind"].disabled = True


class VersionInline(ReadOnlyInline):
    model = ScorecardVersion
    fields = ("number", "note", "created_by", "created_at")
    ordering = ("-number",)


@admin.register(Scorecard)
class ScorecardAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ScorecardForm
    list_display = ("name", "name_en", "channel_kind", "is_active")
    list_filter = ("channel_kind", "is_active")
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):
        definition = form.cleaned_data["definition"]
        if not change:
            created = scorecard_services.scorecard_create(
                actor=request.user, name=obj.name, name_en=obj.name_en, channel_kind=obj.channel_kind,
                definition=definition)
            obj.pk = created.pk
            return
        obj.save(update_fields=["name", "name_en", "is_active"])
        current = obj.current_version
        if current is None or current.definition != definition:
            scorecard_services.scorecard_version_create(actor=request.user, scorecard=obj, definition=definition,
                                                        note=form.cleaned_data.get("note", ""))

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScorecardVersion)
class ScorecardVersionAdmin(ReadOnlyAdmin):
    list_display = ("scorecard", "number", "note", "created_by", "created_at")
    readonly_fields = ("pretty_definition",)

    @admin.display(description=_("definition"))
    def pretty_definition(self, version):
        return json.dumps(version.definition, ensure_ascii=False, indent=2)


class EvaluationEventInline(ReadOnlyInline):
    model = EvaluationEvent
    fields = ("action", "old_status", "new_status", "actor", "at", "reason")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("id", "agent", "evaluator", "status", "score", "fatal", "month", "calibration")
    list_filter = ("status", "fatal", "month")
    search_fields = ("agent__username", "evaluator__username", "contact__external_id")
    list_select_related = ("agent", "evaluator", "calibration")
    inlines = [EvaluationEventInline]
    actions = ["finalize"]

    @admin.action(description=_("Finalize the selected evaluations"))
    def finalize(self, request, queryset):
        from .services.evaluations import evaluation_transition

        run_per_object(self, request, queryset, lambda obj, now: evaluation_transition(
            actor=request.user, evaluation=obj, action="finalize", now=now), _("%(count)s finalized."))


@admin.register(EvaluationEvent)
class EvaluationEventAdmin(ReadOnlyAdmin):
    list_display = ("evaluation", "action", "old_status", "new_status", "actor", "at")
    list_filter = ("action",)


class SampleInline(ReadOnlyInline):
    model = Sample
    fields = ("agent", "contact", "channel_kind", "week", "reason", "weight", "assignee")


@admin.register(SamplingPlan)
class SamplingPlanAdmin(ReadOnlyAdmin):
    list_display = ("month", "seed", "drawn_by", "drawn_at")
    inlines = [SampleInline]


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdmin):
    list_display = ("plan", "agent", "contact", "channel_kind", "week", "reason", "assignee")
    list_filter = ("channel_kind", "reason", "plan")
    list_select_related = ("plan", "agent", "contact", "assignee")


@admin.register(ExemptStar)
class ExemptStarAdmin(ReadOnlyAdmin):
    list_display = ("month", "agent", "average", "evaluations", "earned_month")
    list_filter = ("month",)


@admin.register(CalibrationSession)
class CalibrationSessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "contact", "standard", "expert", "status", "created_at", "closed_at")
    list_filter = ("status", "standard")


@admin.register(Praise)
class PraiseAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("agent", "month", "source", "points", "recorded_by", "created_at")
    list_filter = ("source", "month")
    fields = ("agent", "source", "evidence", "ticket", "reference")
    raw_id_fields = ("ticket",)

    def has_change_permission(self, request, obj=None):
        return obj is None

    def save_model(self, request, obj, form, change):
        created = praise_services.praise_record(
            actor=request.user, agent=obj.agent, source=obj.source, evidence=obj.evidence, ticket=obj.ticket,
            reference=obj.reference)
        obj.pk = created.pk


@admin.register(AgentInput)
class AgentInputAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("month", "agent", "test_score", "attendance_score", "absences", "late_arrivals", "entered_by")
    list_filter = ("month",)
    fields = ("month", "agent", "test_score", "attendance_score", "absences", "late_arrivals")

    def save_model(self, request, obj, form, change):
        saved = performance_services.agent_input_set(
            actor=request.user, agent=obj.agent, month=obj.month, test_score=obj.test_score,
            attendance_score=obj.attendance_score, absences=obj.absences, late_arrivals=obj.late_arrivals)
        obj.pk = saved.pk


class QaPolicyForm(forms.ModelForm):
    rules = forms.JSONField(label=_("rules"), required=False, widget=forms.Textarea(attrs={"rows": 16, "cols": 100}))

    class Meta:
        model = QaPolicy
        fields = ["method", "rules"]


@admin.register(QaPolicy)
class QaPolicyAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = QaPolicyForm
    list_display = ("method", "updated_at")

    def has_add_permission(self, request):
        return not QaPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = scorecard_services.policy_update(actor=request.user, method=obj.method,
                                                 rules=form.cleaned_data.get("rules") or {})
        obj.pk = saved.pk


class AgentPerformanceInline(ReadOnlyInline):
    model = AgentPerformance
    fields = ("rank", "agent", "score", "band", "pay")


@admin.register(PerformanceMonth)
class PerformanceMonthAdmin(ReadOnlyAdmin):
    list_display = ("month", "status", "method", "pool", "computed_at", "locked_at")
    inlines = [AgentPerformanceInline]
    actions = ["compute", "lock"]

    @admin.action(description=_("Recompute the selected months"))
    def compute(self, request, queryset):
        run_per_object(self, request, queryset, lambda obj, now: performance_services.performance_compute(
            actor=request.user, month=obj.month, now=now), _("%(count)s computed."))

    @admin.action(description=_("Lock the selected months"))
    def lock(self, request, queryset):
        run_per_object(self, request, queryset, lambda obj, now: performance_services.performance_lock(
            actor=request.user, month=obj.month, now=now), _("%(count)s locked."))


@admin.register(AgentPerformance)
class AgentPerformanceAdmin(ReadOnlyAdmin):
    list_display = ("performance_month", "rank", "agent", "score", "band", "pay")
    list_filter = ("performance_month",)
    list_select_related = ("performance_month", "agent")

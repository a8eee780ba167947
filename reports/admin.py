"""Admin of the monthly close. The close's rows are written only by its services:
they are read-only here, with actions that call those services (re-close, lock,
waive/uphold an appeal). Order counts are entered here through `order_count_set`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tickets.admin.base import ReadOnlyAdmin, ReadOnlyInline, ServiceSaveMixin, run_per_object

from .models import (
    Adjustment,
    AgreementClose,
    Appeal,
    CriterionResult,
    ExportJob,
    IndicatorOwner,
    IndicatorResult,
    OrderCount,
    ReportMonth,
    Violation,
)
from .services import appeal_transition, indicator_owner_set, month_close, month_lock, order_count_set


class CloseInline(ReadOnlyInline):
    model = AgreementClose
    fields = readonly_fields = ["version", "achieved", "indicators_missed", "penalty_total", "computed_at"]
    show_change_link = True


@admin.register(ReportMonth)
class ReportMonthAdmin(ReadOnlyAdmin):
    list_display = ["month", "status", "closed_at", "close_runs", "locked_at", "locked_by"]
    list_filter = ["status"]
    inlines = [CloseInline]
    actions = ["reclose", "lock"]

    @admin.action(description=_("Re-run the close of the selected open months"))
    def reclose(self, request, queryset):
        run_per_object(self, request, queryset,
                       lambda m, now: month_close(month=m.month, actor=request.user, now=now),
                       _("%(count)s month(s) closed."))

    @admin.action(description=_("Lock the selected months"))
    def lock(self, request, queryset):
        run_per_object(self, request, queryset, lambda m, now: month_lock(actor=request.user, month=m, now=now),
                       _("%(count)s month(s) locked."))


class ResultInline(ReadOnlyInline):
    model = IndicatorResult
    fields = readonly_fields = ["name", "party", "numerator", "denominator", "actual", "target", "met", "note"]


class CriterionInline(ReadOnlyInline):
    model = CriterionResult
    fields = readonly_fields = ["code", "limit", "actual", "met", "note"]


@admin.register(AgreementClose)
class AgreementCloseAdmin(ReadOnlyAdmin):
    list_display = ["month", "version", "achieved", "indicators_missed", "penalty_total", "computed_at"]
    list_filter = ["achieved", "month"]
    inlines = [ResultInline, CriterionInline]


@admin.register(IndicatorResult)
class IndicatorResultAdmin(ReadOnlyAdmin):
    list_display = ["close", "name", "party", "numerator", "denominator", "actual", "target", "met"]
    list_filter = ["met", "metric", "party"]


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    list_display = ["close", "kind", "party", "department", "person", "amount", "final_amount", "current"]
    list_filter = ["kind", "party", "current"]
    search_fields = ["summary", "key"]
    list_select_related = ["close__month", "close__version__agreement", "department", "person"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["violation", "status", "filed_by", "filed_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    actions = ["uphold", "waive"]

    def _decide(self, request, queryset, action, message):
        reason = str(_("Decided in the admin by %(user)s") % {"user": request.user})
        run_per_object(self, request, queryset,
                       lambda a, now: appeal_transition(actor=request.user, appeal=a, action=action, reason=reason,
                                                        now=now), message)

    @admin.action(description=_("Uphold the selected appeals' penalties"))
    def uphold(self, request, queryset):
        self._decide(request, queryset, "uphold", _("%(count)s appeal(s) upheld."))

    @admin.action(description=_("Waive the selected appeals' penalties"))
    def waive(self, request, queryset):
        self._decide(request, queryset, "waive", _("%(count)s appeal(s) waived."))


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["month", "original", "amount", "reason", "created_by", "created_at"]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["report", "fmt", "requested_by", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "report"]


@admin.register(OrderCount)
class OrderCountAdmin(ServiceSaveMixin, admin.ModelAdmin):
    """Entered here or imported (CSV, API); saved through `order_count_set`."""

    list_display = ["month", "channel", "orders", "source", "updated_by", "updated_at"]
    list_filter = ["channel", "source"]
    fields = ["month", "channel", "orders"]

    def save_model(self, request, obj, form, change):
        saved = order_count_set(actor=request.user, month=obj.month, channel=obj.channel, orders=obj.orders)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorOwner)
class IndicatorOwnerAdmin(ServiceSaveMixin, admin.ModelAdmin):
    """Who answers for an indicator (default: the party's head); saved through
    `indicator_owner_set`, which checks the person belongs to that party."""

    list_display = ["indicator", "person", "set_by", "set_at"]
    fields = ["indicator", "person"]
    raw_id_fields = ["indicator", "person"]

    def save_model(self, request, obj, form, change):
        saved = indicator_owner_set(actor=request.user, indicator=obj.indicator, person=obj.person)
        obj.pk = saved.pk

"""Admin for internal agreements. Everything is read-only here: agreements are
written through `sla.services.agreements` (the agreement pages, the API and the
actions below), so statuses, signatures and the audit log stay consistent. Signing
needs the signer and is done on the agreement page or the API."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from slacenter.errors import DomainError
from tickets.admin.base import ReadOnlyAdminMixin
from tickets.admin.base import ReadOnlyInline as BaseReadOnlyInline

from ..models.agreements import (
    Agreement,
    AgreementEvent,
    AgreementSignature,
    AgreementVersion,
    Indicator,
    IndicatorOverride,
    PenaltyClause,
    ServiceItem,
)
from ..services.agreements import agreement_submit, agreement_terminate, agreements_expire


class ReadOnlyInline(BaseReadOnlyInline):
    show_change_link = True


class VersionInline(ReadOnlyInline):
    model = AgreementVersion
    fields = readonly_fields = ["number", "title", "status", "effective_from", "effective_to", "activated_at"]


class ServiceItemInline(ReadOnlyInline):
    model = ServiceItem
    fields = readonly_fields = ["title", "category", "description"]


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = readonly_fields = ["name", "metric", "comparator", "target", "unit", "period", "responsible_party"]


class PenaltyInline(ReadOnlyInline):
    model = PenaltyClause
    fields = readonly_fields = ["party", "violation", "amount", "payer", "description"]


class SignatureInline(ReadOnlyInline):
    model = AgreementSignature
    fields = readonly_fields = ["department", "signer", "signed_at"]


class EventInline(ReadOnlyInline):
    model = AgreementEvent
    fields = readonly_fields = ["at", "action", "from_status", "to_status", "actor", "reason"]
    show_change_link = False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "created_at"]
    search_fields = ["code", "title"]
    inlines = [VersionInline]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "title", "status", "provider", "effective_from", "effective_to", "page_link"]
    list_filter = ["status", "provider"]
    search_fields = ["agreement__code", "title"]
    list_select_related = ["agreement", "provider"]
    readonly_fields = [
        "agreement", "number", "title", "client_departments", "provider", "purpose", "scope", "effective_from",
        "effective_to", "calendar", "channels", "prerequisites", "reporting", "duties_a", "duties_b", "status",
        "amended_from", "created_by", "created_at", "updated_at", "submitted_at", "activated_at", "ended_at",
        "ended_on", "end_reason",
    ]
    inlines = [ServiceItemInline, IndicatorInline, PenaltyInline, SignatureInline, EventInline]
    actions = ["submit_selected", "terminate_selected", "expire_due"]

    @admin.display(description=_("page"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("sla:agreement_version", args=[obj.pk]), gettext("open"))

    def _run(self, request, queryset, call, done):
        ok = 0
        for version in queryset:
            try:
                call(version)
                ok += 1
            except DomainError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
        if ok:
            self.message_user(request, done % {"count": ok}, messages.SUCCESS)

    @admin.action(description=_("Submit selected drafts for signatures"))
    def submit_selected(self, request, queryset):
        now = timezone.now()
        self._run(request, queryset, lambda v: agreement_submit(version=v, actor=request.user, now=now),
                  gettext("%(count)d submitted."))

    @admin.action(description=_("Terminate selected versions"))
    def terminate_selected(self, request, queryset):
        now = timezone.now()
        reason = gettext("Terminated in the admin by %(user)s.") % {"user": request.user.get_username()}
        self._run(request, queryset,
                  lambda v: agreement_terminate(version=v, actor=request.user, reason=reason, now=now),
                  gettext("%(count)d terminated."))

    @admin.action(description=_("Expire every agreement whose period has ended"))
    def expire_due(self, request, queryset):
        count = agreements_expire(now=timezone.now())
        self.message_user(request, gettext("%(count)d expired.") % {"count": count}, messages.SUCCESS)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "version", "metric", "comparator", "target", "unit", "period", "responsible_party"]
    list_filter = ["metric", "period", "responsible_party"]
    list_select_related = ["version__agreement"]


@admin.register(IndicatorOverride)
class IndicatorOverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "period_start", "target", "reason", "agreed_at"]
    list_select_related = ["indicator"]


@admin.register(PenaltyClause)
class PenaltyClauseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["version", "party", "violation", "amount", "payer"]
    list_filter = ["party", "violation"]
    list_select_related = ["version__agreement"]


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "version", "category"]
    list_select_related = ["version__agreement", "category"]


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["version", "department", "signer", "signed_at"]
    list_select_related = ["version__agreement", "department", "signer"]


@admin.register(AgreementEvent)
class AgreementEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["version", "at", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    list_select_related = ["version__agreement", "actor"]

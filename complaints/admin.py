"""Admin for every complaint model. Seat groups and authority limits are edited
through their services; the loop's records (complaints, remedies, approvals,
callbacks, messages) are written only by the services and are read-only here, with
actions that call the services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tickets.admin.base import ReadOnlyAdmin, ReadOnlyInline, ServiceSaveMixin, run_per_object
from tickets.models.org import Role

from .models import (
    ApprovalRequest,
    AuthorityLimit,
    CallbackAttempt,
    CallbackTask,
    Complaint,
    OutboundMessage,
    Remedy,
    SeatGroup,
)
from .services import authority_limit_set, message_resend, seat_group_create, seat_group_update, tracking_link_revoke


class SeatGroupForm(forms.ModelForm):
    tiers = forms.MultipleChoiceField(label=_("customer tiers"), required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=[("vip", _("VIP")), ("gold", _("Gold")), ("standard", _("Standard"))])

    class Meta:
        model = SeatGroup
        fields = ("name", "name_en", "code", "categories", "tiers", "members", "is_vip", "is_pool", "is_active",
                  "rank")


@admin.register(SeatGroup)
class SeatGroupAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = SeatGroupForm
    list_display = ("code", "name", "name_en", "is_vip", "is_pool", "is_active", "rank")
    list_filter = ("is_vip", "is_pool", "is_active")
    search_fields = ("code", "name", "name_en")
    filter_horizontal = ("categories", "members")

    def save_model(self, request, obj, form, change):
        self._data = form.cleaned_data

    def save_related(self, request, form, formsets, change):
        data = dict(self._data)
        categories, members = list(data.pop("categories")), list(data.pop("members"))
        if change:
            data.pop("code")
            group = seat_group_update(actor=request.user, group=form.instance, categories=categories,
                                      members=members, **data)
        else:
            active = data.pop("is_active")
            group = seat_group_create(actor=request.user, categories=categories, members=members, **data)
            if not active:
                group = seat_group_update(actor=request.user, group=group, is_active=False)
        form.instance.pk, form.instance._state.adding = group.pk, False


class AuthorityLimitForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)

    class Meta:
        model = AuthorityLimit
        fields = ("remedy_kind", "level", "role", "department", "max_amount")


@admin.register(AuthorityLimit)
class AuthorityLimitAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = AuthorityLimitForm
    list_display = ("remedy_kind", "level", "role", "department", "max_amount")
    list_filter = ("remedy_kind", "role")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        limit = authority_limit_set(actor=request.user, **data)
        obj.pk, obj._state.adding = limit.pk, False


class RemedyInline(ReadOnlyInline):
    model = Remedy
    fields = ("kind", "amount", "status", "proposed_by", "granted_by", "executed_at", "reference")
    readonly_fields = fields  # status and times are not editable: a form with them would not build


class CallbackInline(ReadOnlyInline):
    model = CallbackTask
    fields = ("status", "assignee", "created_at", "completed_at", "solved", "first_contact", "satisfaction")
    readonly_fields = fields  # status and times are not editable: a form with them would not build


@admin.action(description=_("Revoke the tracking link"))
def revoke_links(modeladmin, request, queryset):
    run_per_object(modeladmin, request, queryset,
                   lambda obj, now: tracking_link_revoke(actor=request.user, complaint=obj, now=now),
                   _("%(count)d tracking links revoked."))


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "stage", "severity", "is_vip", "seat_group", "created_at", "closed_at")
    list_filter = ("stage", "severity", "is_vip", "seat_group")
    search_fields = ("ticket__number", "ticket__title")
    list_select_related = ("ticket", "seat_group")
    inlines = [RemedyInline, CallbackInline]
    actions = [revoke_links]
    exclude = ("tracking_token",)
    readonly_fields = ("conformance",)

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Handling conformance (ISO 10002)"))
    def conformance(self, obj):
        """Each ISO 10002 step with its result (complaints.selectors_conformance)."""
        from django.utils import timezone
        from django.utils.html import format_html_join
        from django.utils.safestring import mark_safe

        from .selectors_conformance import conformance_of

        steps = conformance_of(obj, now=timezone.now()) if obj is not None and obj.pk else []
        return format_html_join(mark_safe("<br>"), "{}: {}", ((s.label, s.status_label) for s in steps))


@admin.register(Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "kind", "amount", "status", "proposed_by", "granted_by", "executed_at")
    list_filter = ("kind", "status")
    list_select_related = ("complaint__ticket", "proposed_by", "granted_by")


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    list_display = ("remedy", "level", "approver", "status", "requested_at", "decided_at")
    list_filter = ("status", "level")
    list_select_related = ("remedy", "approver")


class AttemptInline(ReadOnlyInline):
    model = CallbackAttempt
    fields = ("at", "by", "outcome", "note")


@admin.register(CallbackTask)
class CallbackTaskAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "status", "assignee", "created_at", "completed_at", "satisfaction")
    list_filter = ("status",)
    list_select_related = ("complaint__ticket", "assignee")
    inlines = [AttemptInline]


@admin.register(CallbackAttempt)
class CallbackAttemptAdmin(ReadOnlyAdmin):
    list_display = ("task", "at", "by", "outcome")
    list_filter = ("outcome",)


@admin.action(description=_("Send again"))
def resend(modeladmin, request, queryset):
    run_per_object(modeladmin, request, queryset,
                   lambda obj, now: message_resend(actor=request.user, message=obj, now=now),
                   _("%(count)d messages queued again."))


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "purpose", "channel", "recipient", "status", "attempts", "sent_at", "created_at")
    list_filter = ("status", "channel", "purpose")
    search_fields = ("recipient", "complaint__ticket__number")
    actions = [resend]


from . import admin_incidents  # noqa: E402,F401 - registers the early-warning admin

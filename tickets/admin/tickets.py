"""Admin of tickets. Fields the workflow owns (status, number, department, assignee,
timestamps) are read-only; descriptive edits go through `ticket_update`; moves and
assignment are admin actions that call the services."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Comment, Ticket, TicketEvent, Transfer
from ..services import ticket_assign, ticket_transition, ticket_update
from ..services.tickets import EDITABLE_FIELDS
from ..workflow import TICKET_WORKFLOW
from .base import ReadOnlyInline, ServiceSaveMixin, run_per_object

WORKFLOW_OWNED = (
    "number", "status", "responsible_department", "assignee", "created_by", "created_at", "updated_at",
    "first_response_at", "resolved_at", "closed_at",
)


class TicketEventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ("at", "kind", "actor", "field", "old_value", "new_value", "reason")
    readonly_fields = fields
    ordering = ("at", "id")


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ("created_at", "visibility", "author", "body")
    readonly_fields = fields


class TransferInline(ReadOnlyInline):
    model = Transfer
    fields = ("requested_at", "department", "question", "status", "answered_at", "answer")
    readonly_fields = fields


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def _transition_action(action: str):
    move = TICKET_WORKFLOW.get(action)

    def run(modeladmin, request, queryset):
        reason = ""
        if move.reason_required:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                context = {
                    **modeladmin.admin_site.each_context(request),
                    "title": move.label,
                    "form": form,
                    "queryset": queryset,
                    "action": request.POST.get("action"),
                    "opts": modeladmin.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                }
                return TemplateResponse(request, "admin/tickets/ticket/transition_reason.html", context)
            reason = form.cleaned_data["reason"]
        run_per_object(
            modeladmin, request, queryset,
            lambda ticket, now: ticket_transition(ticket=ticket, actor=request.user, action=action, reason=reason,
                                                  now=now),
            _("%(action)s: %(count)d ticket(s) done."),
            action=move.label,
        )
        return None

    run.__name__ = f"transition_{action}"
    return admin.action(description=move.label)(run)


@admin.register(Ticket)
class TicketAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("number", "title", "status", "priority", "kind", "channel", "category", "customer",
                    "assignee", "responsible_department", "created_at")
    list_filter = ("status", "priority", "kind", "channel", "responsible_department", "category")
    search_fields = ("number", "title", "customer__name", "customer__phone")
    list_select_related = ("category", "category__parent", "customer", "assignee", "responsible_department")
    date_hierarchy = "created_at"
    autocomplete_fields = ("category",)
    readonly_fields = ("customer", *WORKFLOW_OWNED)
    fields = ("number", "status", "title", "description", "kind", "channel", "category", "priority", "customer",
              "assignee", "responsible_department", "created_by", "created_at", "updated_at",
              "first_response_at", "resolved_at", "closed_at")
    inlines = (TicketEventInline, CommentInline, TransferInline)
    actions = (
        "assign_to_me",
        _transition_action("start"),
        _transition_action("resolve"),
        _transition_action("close"),
        _transition_action("reopen"),
        _transition_action("cancel"),
    )

    def has_add_permission(self, request):
        # Tickets are opened through ticket_create from the desk or the API.
        return False

    def has_delete_permission(self, request, obj=None):
        # The ticket and its event log are the evidence of the SLA reports.
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
        if changes:
            ticket_update(ticket=obj, actor=request.user, reason=_("Edited in the admin"), **changes)

    @admin.action(description=gettext_lazy("Assign to me"))
    def assign_to_me(self, request, queryset):
        run_per_object(
            self, request, queryset,
            lambda ticket, now: ticket_assign(ticket=ticket, actor=request.user, assignee=request.user, now=now),
            _("%(count)d ticket(s) assigned to you."),
        )

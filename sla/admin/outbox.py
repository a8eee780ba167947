"""Read-only admin for the SLA layer's durable follow-up work (escalation actions,
clock recompute requests): what is pending, done, skipped or failed, and why. The
one write, "apply now", goes through the same service as the task and beat."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sla.models import EscalationAction, RecomputeRequest
from sla.services.actions import escalation_actions_apply
from tickets.admin.base import ReadOnlyAdmin


@admin.register(EscalationAction)
class EscalationActionAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "action", "level", "state", "attempts", "next_attempt_at", "done_at", "last_error"]
    list_filter = ["state", "action"]
    actions = ["apply_now"]

    @admin.action(description=_("Apply the selected pending actions now"))
    def apply_now(self, request, queryset):
        result = escalation_actions_apply(now=timezone.now(), action_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(done)s applied, %(skipped)s skipped, %(retried)s to retry, %(failed)s failed.")
                          % {"done": result.done, "skipped": result.skipped, "retried": result.retried,
                             "failed": result.failed}, messages.INFO)


@admin.register(RecomputeRequest)
class RecomputeRequestAdmin(ReadOnlyAdmin):
    list_display = ["reason", "state", "tickets_done", "cursor", "leased_until", "created_at", "done_at"]
    list_filter = ["state"]

"""What the ticket admin pages share: saves and actions go through the services, and
a rule the service refuses comes back as an admin message, never a 500."""

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError


class ServiceSaveMixin:
    """`save_model` of these admins calls a service. When the service refuses, the
    whole save (log entry included) rolls back and the page comes back with the
    service's message."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, _("Not saved: %(reason)s") % {"reason": exc.message}, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdminMixin:
    """No add, change or delete: for rows written only by services. The one
    definition every app's admin uses (model admins and inlines alike)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows written only by services (event log, counters, heartbeats): view only."""


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False


def run_per_object(modeladmin, request, queryset, call, done_message, **params) -> None:
    """Call `call(obj, now)` for each selected object, each in its own transaction,
    and report successes and every refusal as messages. `now` is read once."""
    now = timezone.now()
    done = 0
    for obj in queryset:
        try:
            with transaction.atomic():
                call(obj, now)
        except DomainError as exc:
            modeladmin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done, **params}, messages.SUCCESS)

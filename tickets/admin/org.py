"""Admin of departments and staff. A role is given only through `staff_set_role`,
which keeps the role groups and the admin flags in step."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Department, Role, StaffProfile
from ..services import department_create, staff_set_role
from .base import ServiceSaveMixin


@admin.register(Department)
class DepartmentAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "kind", "parent", "head", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent", "head")
    autocomplete_fields = ("parent", "head")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        created = department_create(
            name=obj.name, code=obj.code, kind=obj.kind, name_en=obj.name_en, parent=obj.parent, head=obj.head
        )
        if created.is_active != obj.is_active:
            created.is_active = obj.is_active
            created.save(update_fields=["is_active"])
        obj.pk, obj._state.adding = created.pk, False


class StaffProfileForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)

    class Meta:
        model = StaffProfile
        fields = ("user", "department", "role", "phone")


@admin.register(StaffProfile)
class StaffProfileAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = StaffProfileForm
    list_display = ("user", "role", "department", "phone")
    list_filter = ("role", "department")
    search_fields = ("user__username", "user__first_name", "user__last_name", "phone")
    list_select_related = ("user", "department")
    autocomplete_fields = ("user", "department")

    def get_readonly_fields(self, request, obj=None):
        # The user of an existing profile stays; a different user is a new profile.
        return ("user",) if obj else ()

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        user = obj.user
        profile = staff_set_role(user=user, department=data["department"], role=data["role"])
        if profile.phone != data.get("phone", ""):
            profile.phone = data.get("phone", "")
            profile.save(update_fields=["phone"])
        obj.pk, obj._state.adding = profile.pk, False

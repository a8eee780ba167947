"""Admin of customers: lists show the masked phone; saves go through the customer
services, which clean the phone and check the tier."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Customer
from ..services import customer_create, customer_update
from .base import ServiceSaveMixin

CUSTOMER_FIELDS = ("name", "phone", "email", "tier", "external_ids")


@admin.register(Customer)
class CustomerAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("name", "masked_phone_display", "tier", "email", "created_at")
    list_filter = ("tier",)
    search_fields = ("name", "phone", "email")
    readonly_fields = ("created_at",)
    fields = (*CUSTOMER_FIELDS, "created_at")

    @admin.display(description=_("phone"))
    def masked_phone_display(self, customer):
        return customer.masked_phone

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in CUSTOMER_FIELDS if name in form.cleaned_data}
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            if changed:
                customer_update(customer=Customer.objects.get(pk=obj.pk), **changed)
            return
        created = customer_create(**data)
        obj.pk, obj._state.adding, obj.created_at = created.pk, False, created.created_at

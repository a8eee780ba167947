"""Pieces shared by the ticket API serializers: compact nested references and the
strict-body check that refuses fields a client may not write."""

import functools
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from tickets.display import person_name


class StrictFieldsMixin:
    """A body naming a field the serializer does not accept (status, number,
    responsible_department…) is a 400 with the offending names, never silently
    dropped: a client that thinks it changed the status must learn it did not."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = sorted(set(data.keys()) - writable)
            if refused:
                raise serializers.ValidationError(
                    {
                        name: [_("This field cannot be written here. Writable fields: %(fields)s.")
                               % {"fields": ", ".join(sorted(writable))}]
                        for name in refused
                    }
                )
        return super().to_internal_value(data)


# --- Representations on the hot paths ---------------------------------------------------
#
# The ticket list and detail answer many requests a second with up to 50 rows of four
# nested references each. DRF's generic field-by-field walk costs about two thirds of
# such a request (attribute lookups, `inspect.signature` on every callable source), so
# these serializers build their dict directly. The declared fields stay the contract
# (validation, the OpenAPI schema); tests/tickets/test_api_representation.py proves the
# direct dict equal to DRF's generic output for every serializer that has one.

_datetime_field = serializers.DateTimeField(read_only=True)


def datetime_repr(value, zone=None):
    """A datetime as DRF writes it (ISO 8601 in the current time zone, or `zone` when
    the caller looked it up once for many), None for none. An aware datetime (what the
    database gives) is converted here directly: DRF's field costs several times as
    much, and a list page writes 250 of them."""
    if not value:
        return None
    if value.__class__ is not datetime or value.tzinfo is None or api_settings.DATETIME_FORMAT != ISO_8601:
        return _datetime_field.to_representation(value)
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@functools.lru_cache(maxsize=256)
def _labels(field, language) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


def choice_label(model, field_name: str, value, language: str | None = None) -> str:
    """`get_<field>_display()` for a model field with choices, labels cached per language
    (the active one unless the caller passes it)."""
    field = model._meta.get_field(field_name)
    return _labels(field, language or get_language()).get(value, value)


def user_ref(user) -> dict | None:
    return None if user is None else {"id": user.id, "username": user.username, "name": person_name(user)}


def department_ref(department) -> dict | None:
    if department is None:
        return None
    return {"id": department.id, "code": department.code, "name": department.display_name}


def category_ref(category) -> dict | None:
    if category is None:
        return None
    return {"id": category.id, "code": category.code, "name": category.display_name, "path": str(category)}


def customer_ref(customer) -> dict | None:
    if customer is None:
        return None
    return {"id": customer.id, "name": customer.name, "phone": customer.masked_phone, "tier": customer.tier}


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_name(user)

    def to_representation(self, user):
        return user_ref(user)


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)

    def to_representation(self, department):
        return department_ref(department)


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    path = serializers.CharField(source="__str__", read_only=True)

    def to_representation(self, category):
        return category_ref(category)


class CustomerRefSerializer(serializers.Serializer):
    """A customer as lists show them: the phone masked."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    tier = serializers.CharField(read_only=True)

    def to_representation(self, customer):
        return customer_ref(customer)


def active_users():
    return get_user_model().objects.filter(is_active=True)


def enum_field(choices, **kwargs) -> serializers.CharField:
    """A read-only choice value whose values are listed in the schema description,
    not as an enum: the ticket's own `kind` and `status` keep the enum component
    names `KindEnum` and `StatusEnum` without colliding with other models' choices."""
    values = ", ".join(f"`{value}`" for value, _label in choices)
    schema = {"type": "string", "readOnly": True, "description": f"One of {values}."}
    field_class = extend_schema_field(schema)(type("EnumCharField", (serializers.CharField,), {}))
    return field_class(read_only=True, **kwargs)

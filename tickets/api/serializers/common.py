"""Pieces shared by the ticket API serializers: compact nested references and the
strict-body check that refuses fields a client may not write."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_name(user)


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    path = serializers.CharField(source="__str__", read_only=True)


class CustomerRefSerializer(serializers.Serializer):
    """A customer as lists show them: the phone masked."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    tier = serializers.CharField(read_only=True)


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

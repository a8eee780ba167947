"""Customers and the reference data the ticket screens need: departments,
categories, reply templates, notifications."""

from rest_framework import serializers

from ...models import Category, Customer, Department, Notification, ReplyTemplate
from .common import CategoryRefSerializer, StrictFieldsMixin, UserRefSerializer, enum_field


class CustomerListSerializer(serializers.ModelSerializer):
    """Lists show the masked phone only."""

    phone = serializers.CharField(source="masked_phone", read_only=True)
    tier_display = serializers.CharField(source="get_tier_display", read_only=True)

    class Meta:
        model = Customer
        fields = ["id", "name", "phone", "tier", "tier_display", "created_at"]
        read_only_fields = fields


class CustomerDetailSerializer(CustomerListSerializer):
    """The detail shows the full phone to those who call customers back (the view
    picks the masked variant for everyone else)."""

    phone = serializers.CharField(read_only=True)

    class Meta(CustomerListSerializer.Meta):
        fields = [*CustomerListSerializer.Meta.fields, "email", "external_ids"]
        read_only_fields = fields


class CustomerMaskedDetailSerializer(CustomerListSerializer):
    class Meta(CustomerListSerializer.Meta):
        fields = [*CustomerListSerializer.Meta.fields, "email", "external_ids"]
        read_only_fields = fields


class CustomerWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100)
    phone = serializers.CharField(max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)
    tier = serializers.ChoiceField(choices=Customer.Tier.choices, required=False)
    external_ids = serializers.DictField(child=serializers.CharField(max_length=200), required=False)


class DepartmentSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    kind = enum_field(Department.Kind.choices)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    head = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "name_en", "display_name", "kind", "kind_display", "parent", "head"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    path = serializers.CharField(source="__str__", read_only=True)
    parent = CategoryRefSerializer(read_only=True, allow_null=True)
    has_children = serializers.BooleanField(read_only=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "name_en", "display_name", "path", "parent", "has_children",
                  "default_department", "sort_order"]
        read_only_fields = fields


class ReplyTemplateSerializer(serializers.ModelSerializer):
    category = CategoryRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ReplyTemplate
        fields = ["id", "title", "body", "category"]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "url", "urgent", "ticket", "ticket_number", "created_at", "read_at"]
        read_only_fields = fields

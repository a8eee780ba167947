"""Admin of the editable catalogues: the category tree and reply templates."""

from django.contrib import admin

from ..models import Category, ReplyTemplate


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "code", "parent", "default_department", "sort_order", "is_active")
    list_filter = ("is_active", "parent", "default_department")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent", "default_department")
    autocomplete_fields = ("parent", "default_department")
    ordering = ("parent__sort_order", "sort_order", "code")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "is_active")
    list_filter = ("is_active", "category")
    search_fields = ("title", "body")
    list_select_related = ("category", "category__parent")
    autocomplete_fields = ("category",)

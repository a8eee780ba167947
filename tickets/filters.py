"""Query-string filters of the ticket API. Each FilterSet narrows a queryset that a
selector already scoped; it never widens it. Unknown VALUES (a status that does not
exist, a non-numeric id) make the filter form invalid, which the API answers with 400,
so a typo can never return extra rows."""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from slacenter.converters import MAX_ID
from slacenter.datetimes import DateTimeParamFilter
from slacenter.inputs import parse_int

from .models import (
    Category,
    Channel,
    Customer,
    Department,
    Priority,
    ReplyTemplate,
    Ticket,
    TicketKind,
    TicketStatus,
    Transfer,
    TransferStatus,
)
from .search import ticket_search_q
from .selectors import customer_match_q, reply_templates

# How deep the category tree is walked when a parent category is filtered on.
MAX_CATEGORY_DEPTH = 6


class IdField(forms.IntegerField):
    """A database id: a positive integer the database can hold."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class AssigneeField(forms.CharField):
    """`me`, `unassigned` or a user id."""

    SPECIAL = ("me", "unassigned")

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        value = value.strip().lower()
        if value in self.SPECIAL:
            return value
        if (user_id := parse_int(value, min_value=1, max_value=MAX_ID)) is not None:
            return user_id
        raise forms.ValidationError(_("Use a user id, “me” or “unassigned”."), code="invalid")


class AssigneeFilter(filters.Filter):
    field_class = AssigneeField

    def filter(self, qs, value):
        if value is None:
            return qs
        if value == "unassigned":
            return qs.filter(assignee__isnull=True)
        if value == "me":
            user = getattr(self.parent.request, "user", None)
            return qs.filter(assignee_id=user.pk) if user and user.is_authenticated else qs.none()
        return qs.filter(assignee_id=value)


class IdFilter(filters.Filter):
    field_class = IdField


def category_with_descendants(category: Category) -> list[int]:
    """The ids of a category and every category below it (one query per level)."""
    ids, level = [category.pk], [category.pk]
    for _depth in range(MAX_CATEGORY_DEPTH):
        level = list(Category.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        if not level:
            break
        ids.extend(level)
    return ids


class TicketFilter(filters.FilterSet):
    # Columns of the ticket itself: no DISTINCT (django-filter's default), which would sort
    # every matching row by every column before the LIMIT of a page.
    status = filters.MultipleChoiceFilter(choices=TicketStatus.choices, distinct=False)
    priority = filters.MultipleChoiceFilter(choices=Priority.choices, distinct=False)
    kind = filters.MultipleChoiceFilter(choices=TicketKind.choices, distinct=False)
    channel = filters.MultipleChoiceFilter(choices=Channel.choices, distinct=False)
    category = filters.ModelChoiceFilter(
        queryset=Category.objects.select_related("parent"),  # its label names the parent
        method="filter_category",
        label=_("Category (with its subcategories)"),
    )
    department = filters.ModelChoiceFilter(
        queryset=Department.objects.all(),
        field_name="responsible_department",
        method="filter_department",
        label=_("Responsible department, or a department the ticket was transferred to"),
    )
    assignee = AssigneeFilter(label=_("Assignee: a user id, “me” or “unassigned”"))
    customer = IdFilter(field_name="customer_id", label=_("Customer id"))
    created_after = DateTimeParamFilter(field_name="created_at", lookup_expr="gte", label=_("Created at or after"))
    created_before = DateTimeParamFilter(field_name="created_at", lookup_expr="lt", label=_("Created before"))
    q = filters.CharFilter(
        method="filter_search", label=_("Search number, title, description, customer name or phone")
    )

    class Meta:
        model = Ticket
        fields: list[str] = []

    def filter_category(self, qs, name, value):
        return qs.filter(category_id__in=category_with_descendants(value))

    def filter_department(self, qs, name, value):
        transferred = Transfer.objects.filter(ticket=OuterRef("pk"), department=value)
        return qs.filter(Q(responsible_department=value) | Exists(transferred))

    def filter_search(self, qs, name, value):
        term = value.strip()
        if not term:
            return qs
        return qs.filter(ticket_search_q(getattr(self.request, "user", None), term))


class TransferFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=TransferStatus.choices)
    ticket = IdFilter(field_name="ticket_id", label=_("Ticket id"))

    class Meta:
        model = Transfer
        fields: list[str] = []


class InboxFilter(filters.FilterSet):
    """The department inbox: status, category (with its subcategories), overdue (open
    and past the reply deadline the inbox's deadline provider annotated) and search
    (number, title, the question, the customer as masking allows)."""

    status = filters.ChoiceFilter(choices=TransferStatus.choices, empty_label=_("Any status"))
    category = filters.ModelChoiceFilter(
        queryset=Category.objects.select_related("parent"), method="filter_category", empty_label=_("Any category"),
        label=_("Category (with its subcategories)"),
    )
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("Overdue only"))
    q = filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = Transfer
        fields: list[str] = []

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def filter_category(self, qs, name, value):
        return qs.filter(ticket__category_id__in=category_with_descendants(value))

    def filter_overdue(self, qs, name, value):
        if not value:
            return qs
        if "reply_due_at" not in qs.query.annotations:
            return qs.none()  # no deadline provider: nothing is known to be overdue
        return qs.filter(status=TransferStatus.OPEN, reply_due_at__lte=self.now)

    def filter_search(self, qs, name, value):
        term = value.strip()
        if not term:
            return qs
        user = getattr(self.request, "user", None)
        return qs.filter(
            Q(ticket__number__icontains=term)
            | Q(ticket__title__icontains=term)
            | Q(question__icontains=term)
            | customer_match_q(user, term, prefix="ticket__customer__")
        )


class CustomerFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_search", label=_("Search name, phone or e-mail"))
    tier = filters.ChoiceFilter(choices=Customer.Tier.choices)

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_search(self, qs, name, value):
        term = value.strip()
        if not term:
            return qs
        return qs.filter(customer_match_q(getattr(self.request, "user", None), term))


class CategoryFilter(filters.FilterSet):
    parent = IdFilter(field_name="parent_id", label=_("Parent category id"))
    root = filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("Top-level categories only"))

    class Meta:
        model = Category
        fields: list[str] = []


class ReplyTemplateFilter(filters.FilterSet):
    category = filters.ModelChoiceFilter(
        queryset=Category.objects.select_related("parent"),
        method="filter_category",
        label=_("Templates offered for this category (its own, its parent's and the general ones)"),
    )

    class Meta:
        model = ReplyTemplate
        fields: list[str] = []

    def filter_category(self, qs, name, value):
        return qs.filter(pk__in=reply_templates(value).values("pk"))

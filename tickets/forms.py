"""Browser forms of the ticket core. Forms check the shape of the input (types,
choices, lengths); the business rules are checked by the services they feed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import limits
from .display import person_name
from .models import Channel, Comment, Customer, Priority, TicketKind, TicketStatus
from .models.org import SERVICE_CENTER_ROLES
from .selectors import category_list, transfer_targets

SORT_CHOICES = [
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("-updated", _("Recently updated")),
    ("-priority", _("Priority (highest first)")),
    ("priority", _("Priority (lowest first)")),
]
SORT_FIELDS = {"created": "created_at", "updated": "updated_at", "priority": "priority"}


def _blank(label):
    return [("", label)]


class CategoryField(forms.ChoiceField):
    """Active categories grouped by their parent (one query). `clean` returns the
    Category row, not its id."""

    def __init__(self, *, required=True, **kwargs):
        categories = list(category_list().order_by("sort_order", "code"))
        self._by_id = {str(c.pk): c for c in categories}
        roots = [c for c in categories if c.parent_id is None]
        children: dict[int, list] = {}
        for c in categories:
            if c.parent_id is not None:
                children.setdefault(c.parent_id, []).append(c)
        choices = _blank(_("— choose —") if required else _("Any category"))
        grouped_ids = set()
        for root in roots:
            kids = children.get(root.pk, [])
            if kids:
                group = [(str(root.pk), root.display_name)] + [(str(k.pk), k.display_name) for k in kids]
                choices.append((root.display_name, group))
                grouped_ids.update([root.pk, *(k.pk for k in kids)])
            else:
                choices.append((str(root.pk), root.display_name))
                grouped_ids.add(root.pk)
        # Children whose parent is inactive still show, ungrouped.
        choices += [(str(c.pk), str(c)) for c in categories if c.pk not in grouped_ids]
        super().__init__(choices=choices, required=required, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self._by_id.get(value) if value else None


class QueueFilterForm(forms.Form):
    """GET parameters of the workbench. Invalid values are reported and ignored."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("Any status")) + TicketStatus.choices
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), required=False, coerce=int, empty_value=None,
        choices=_blank(_("Any priority")) + Priority.choices,
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_blank(_("Any kind")) + TicketKind.choices)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=_blank(_("Any channel")) + Channel.choices)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort"), required=False)

    def __init__(self, *args, extra_sorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryField(label=_("Category"), required=False)
        self.fields["sort"].choices = SORT_CHOICES + list(extra_sorts)
        self.order_fields(["q", "status", "priority", "kind", "channel", "category", "sort"])


class CustomerCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    tier = forms.ChoiceField(label=_("Tier"), choices=Customer.Tier.choices, initial=Customer.Tier.STANDARD)


class TicketCreateForm(forms.Form):
    customer = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages={
        "required": _("Choose a customer first (look one up or create a new one)."),
    })
    kind = forms.ChoiceField(label=_("Kind"), choices=TicketKind.choices, initial=TicketKind.INQUIRY)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.HOTLINE)
    priority = forms.TypedChoiceField(label=_("Priority"), coerce=int, choices=Priority.choices,
                                      initial=Priority.NORMAL)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=limits.DESCRIPTION,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    assign_to_me = forms.BooleanField(label=_("Assign to me"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryField(label=_("Category"))
        self.order_fields(["customer", "kind", "channel", "category", "priority", "title", "description",
                           "assign_to_me"])


class CommentForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Type"), choices=Comment.Visibility.choices, initial=Comment.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, internal_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if internal_only:
            self.fields["visibility"].choices = [(Comment.Visibility.INTERNAL, Comment.Visibility.INTERNAL.label)]
            self.fields["visibility"].initial = Comment.Visibility.INTERNAL


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=40)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class AssignForm(forms.Form):
    """Empty `assignee` means "take it myself" when `take` is set, else unassign."""

    take = forms.BooleanField(required=False)
    assignee = forms.ModelChoiceField(label=_("Assignee"), required=False, queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(is_active=True, profile__role__in=SERVICE_CENTER_ROLES)
            .order_by("username")
        )
        self.fields["assignee"].label_from_instance = person_name


class TicketEditForm(forms.Form):
    priority = forms.TypedChoiceField(label=_("Priority"), coerce=int, choices=Priority.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryField(label=_("Category"))
        self.order_fields(["priority", "category", "reason"])


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=transfer_targets().none())
    question = forms.CharField(label=_("Question"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = transfer_targets()
        self.fields["department"].label_from_instance = lambda d: d.display_name


class TransferAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class TransferBounceForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tickets.models import Category

from .models import ArticleStatus


class ArticleForm(forms.Form):
    """The shape of an article; the rules are in `knowledge.services`."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 16}), max_length=20_000,
                           help_text=_("Markdown subset: # heading, - list, 1. list, **bold**, *italic*, `code`, "
                                       "[text](https://…). HTML is shown as text."))
    status = forms.ChoiceField(label=_("Status"), choices=ArticleStatus.choices, initial=ArticleStatus.DRAFT)
    categories = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("knowledge", "Categories"), required=False, queryset=Category.objects.filter(is_active=True)
        .select_related("parent").order_by("sort_order", "code"), widget=forms.CheckboxSelectMultiple)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=400,
                           help_text=_("Separated by commas, e.g. 退款, 物流"))

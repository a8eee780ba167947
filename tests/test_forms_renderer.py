"""slacenter.forms_renderer writes <select> in Python: byte for byte what Django's
templates write, for every kind of select (plain, multiple, grouped, model choices,
escaping, boolean and false attributes, numbers as labels, lazy labels in both
languages), and the templates still serve every other widget."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from slacenter.forms_renderer import FormRenderer
from tests.factories import CategoryFactory
from tickets.forms import QueueFilterForm
from tickets.models import Category, TicketStatus


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & <b>"), ("b", 'say "hi"')], required=False)
    statuses = forms.MultipleChoiceField(choices=TicketStatus.choices, required=False)
    grouped = forms.ChoiceField(choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "X"),
                                         (_("Vegetables"), [("leek", _("Leek"))])])
    numbers = forms.TypedChoiceField(choices=[(1, 1), (2, 2000), (3, "three")], coerce=int)
    flags = forms.ChoiceField(
        choices=[("on", "On")],
        widget=forms.Select(attrs={"disabled": True, "data-x": "<y>", "hidden": False, "aria-label": _("Search")}),
    )
    nullable = forms.NullBooleanField()
    text = forms.CharField()
    boxes = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("data", [None, {"plain": "a", "statuses": ["new", "closed"], "grouped": "leek",
                                         "numbers": "2", "nullable": "true", "text": "<x>", "boxes": ["a"]}])
def test_every_select_renders_as_the_templates_do(language, data):
    with translation.override(language):
        fast, slow = Everything(data, renderer=FormRenderer()), Everything(data, renderer=DjangoTemplates())
        for name in fast.fields:
            assert str(fast[name]) == str(slow[name]), name
        assert str(fast) == str(slow)


@pytest.mark.django_db
def test_model_choices_and_a_real_filter_form_render_as_the_templates_do():
    parent = CategoryFactory(code="p", name="物流 & 配送", name_en="Logistics")
    CategoryFactory(code="c", name="丢件", parent=parent)
    model_field = forms.ModelChoiceField(queryset=Category.objects.all())
    for data in (None, {"q": "x", "status": "new", "category": str(parent.pk), "sort": "nonsense"}):
        fast, slow = QueueFilterForm(data, renderer=FormRenderer()), QueueFilterForm(data, renderer=DjangoTemplates())
        assert str(fast) == str(slow)
    fast_widget = model_field.widget.render("cat", parent.pk, renderer=FormRenderer())
    assert fast_widget == model_field.widget.render("cat", parent.pk, renderer=DjangoTemplates())
    assert f'<option value="{parent.pk}" selected>' in fast_widget


def test_a_select_with_its_own_option_template_goes_through_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Custom(choices=[("a", "A")])
    assert widget.render("x", "a", renderer=FormRenderer()) == widget.render("x", "a", renderer=DjangoTemplates())
    assert "<select" in widget.render("x", "a", renderer=FormRenderer())

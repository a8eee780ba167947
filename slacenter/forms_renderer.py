"""The project's form renderer (`settings.FORM_RENDERER`): Django's, with `<select>`
written in Python.

Django renders each `<option>` through an included template: a queue page's filter
form (categories, statuses, sorts…) spent ~40 % of the page's time in the option
templates. `FormRenderer` writes a select whose options use Django's own option
template with the same escaping, localisation and whitespace as the templates
(tests/test_forms_renderer.py compares both on every kind of select); any other widget,
or a select whose option template was changed, goes through the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict, context: Context) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(" " + render_value_in_context(name, context))
        if value is not True:
            out.append(f'="{conditional_escape(stringformat(value, "s"))}"')
    return "".join(out)


def _option(option: dict, context: Context) -> str:
    """django/forms/widgets/select_option.html."""
    return (f'<option value="{conditional_escape(stringformat(option["value"], "s"))}"'
            f'{_attrs(option["attrs"], context)}>{render_value_in_context(option["label"], context)}</option>\n')


def render_select(widget: dict) -> str | None:
    """django/forms/widgets/select.html for a widget context, or None when one of its
    options has another template."""
    context = Context(autoescape=True)
    out = [f'<select name="{render_value_in_context(widget["name"], context)}"{_attrs(widget["attrs"], context)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            out.append("\n  " + _option(option, context))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and (html := render_select(context["widget"])) is not None:
            return html
        return super().render(template_name, context, request)

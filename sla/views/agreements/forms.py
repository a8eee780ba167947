"""Forms of the agreement pages: shape only (the services hold the rules)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from slacenter.inputs import StrictDateFormField
from tickets.models import Category, Channel, Department

from ...models import ServiceCalendar
from ...models.agreements import Comparator, IndicatorMetric, Party, Payer, Period, ViolationKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})


class _DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class _DepartmentsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AgreementForm(forms.Form):
    """The sections of a draft (new agreement or edit)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    client_departments = _DepartmentsChoice(
        label=_("Party A (client departments)"), queryset=Department.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    provider = _DepartmentChoice(label=_("Party B (provider)"), queryset=Department.objects.filter(is_active=True))
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=_TEXT)
    scope = forms.CharField(label=_("Scope"), required=False, widget=_TEXT)
    effective_from = StrictDateFormField(label=_("Effective from"), required=False, widget=_DATE)
    effective_to = StrictDateFormField(label=_("Effective to"), required=False, widget=_DATE,
                                   help_text=_("Leave empty for an open-ended agreement."))
    calendar = forms.ModelChoiceField(label=_("Service calendar"), required=False,
                                      queryset=ServiceCalendar.objects.filter(is_active=True))
    channels = forms.MultipleChoiceField(label=_("Channels"), required=False, choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple)
    prerequisites = forms.CharField(label=_("Prerequisites"), required=False, widget=_TEXT)
    reporting = forms.CharField(label=_("Reporting mechanism"), required=False, widget=_TEXT)
    duties_a = forms.CharField(label=_("Rights and duties of party A"), required=False, widget=_TEXT)
    duties_b = forms.CharField(label=_("Rights and duties of party B"), required=False, widget=_TEXT)

    @classmethod
    def initial_from(cls, version) -> dict:
        return {
            "title": version.title, "client_departments": list(version.client_departments.all()),
            "provider": version.provider, "purpose": version.purpose, "scope": version.scope,
            "effective_from": version.effective_from, "effective_to": version.effective_to,
            "calendar": version.calendar, "channels": version.channels, "prerequisites": version.prerequisites,
            "reporting": version.reporting, "duties_a": version.duties_a, "duties_b": version.duties_b,
        }


class NewAgreementForm(AgreementForm):
    code = forms.CharField(label=_("Number"), max_length=30, required=False,
                           help_text=_("Leave empty to number it automatically."))
    field_order = ["code", "title"]


class ServiceItemForm(forms.Form):
    title = forms.CharField(label=_("Service item"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ModelChoiceField(label=_("Ticket category"), required=False,
                                      queryset=Category.objects.filter(is_active=True).select_related("parent"))


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    metric = forms.ChoiceField(label=_("Metric"), choices=IndicatorMetric.choices)
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=4)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False, help_text=_("e.g. %, ‱, cases"))
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    responsible_party = forms.ChoiceField(label=_("Responsible party"), choices=Party.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PenaltyForm(forms.Form):
    party = forms.ChoiceField(label=_("Violating party"), choices=Party.choices)
    violation = forms.ChoiceField(label=_("Violation"), choices=ViolationKind.choices)
    amount = forms.DecimalField(label=_("Amount per violation (CNY)"), max_digits=12, decimal_places=2,
                                min_value=Decimal("0"), initial=Decimal("1000.00"))
    payer = forms.ChoiceField(label=_("Paid by"), choices=Payer.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(forms.Form):
    period_start = StrictDateFormField(label=_("Period (any day of it)"), widget=_DATE)
    target = forms.DecimalField(label=_("Target for that period"), max_digits=12, decimal_places=4)
    reason = forms.CharField(label=_("Reason"), max_length=500, help_text=_("e.g. Double 11 campaign month"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class SignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Sign for"), required=False, queryset=Department.objects.all())

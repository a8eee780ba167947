"""Shape checks of the joint consultation forms on the ticket page; the rules
(who may convene, answer, conclude; a deadline in the future) are in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tickets import limits
from tickets.models import Department
from tickets.selectors import department_list, transfer_targets


class DepartmentChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ConveneForm(forms.Form):
    departments = DepartmentChoices(queryset=Department.objects.none(), label=_("Departments to consult"),
                                    widget=forms.CheckboxSelectMultiple)
    question = forms.CharField(label=_("Question"), max_length=limits.TRANSFER_TEXT,
                               widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateTimeField(label=_("Deadline"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = transfer_targets().order_by("code")


class AnswerForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), max_length=limits.TRANSFER_TEXT,
                               widget=forms.Textarea(attrs={"rows": 3, "aria-label": _("Findings")}))


class ConcludeForm(forms.Form):
    owning_department = DepartmentChoice(queryset=Department.objects.none(), label=_("Owning department"))
    cause = forms.CharField(label=_("Cause"), max_length=limits.TRANSFER_TEXT, widget=forms.Textarea(attrs={"rows": 2}))
    action_plan = forms.CharField(label=_("Action plan"), max_length=limits.TRANSFER_TEXT,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_department"].queryset = department_list().order_by("code")

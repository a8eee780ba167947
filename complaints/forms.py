"""Shape checks of the complaint pages; the rules are in the services."""

import random

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from tickets.models import Category, Priority
from tickets.selectors import category_list

from .models import CallbackOutcome, EscalationFlag, RemedyKind, Severity

CHANNEL_CHOICES = [("hotline", _("400 hotline")), ("webchat", _("Webchat")), ("wechat", _("WeChat")),
                   ("email", _("E-mail")), ("counter", _("Counter")), ("social", _("Social media"))]


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class IntakeForm(forms.Form):
    customer = forms.IntegerField(widget=forms.HiddenInput, label=_("Customer"))
    title = forms.CharField(label=_("Title"), max_length=200)
    category = CategoryChoice(queryset=Category.objects.none(), label=_("Complaint type"))
    channel = forms.ChoiceField(choices=CHANNEL_CHOICES, label=_("Channel"))
    severity = forms.ChoiceField(choices=Severity.choices, label=_("Severity"))
    flags = forms.MultipleChoiceField(choices=[c for c in EscalationFlag.choices
                                               if c[0] not in ("vip", "repeat")], required=False,
                                      widget=forms.CheckboxSelectMultiple, label=_("Escalation flags"))
    desired_remedy = forms.CharField(label=_("Desired remedy"), widget=forms.Textarea(attrs={"rows": 2}),
                                     max_length=2000)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False, max_length=10000)
    order_numbers = forms.CharField(label=_("Order numbers"), required=False, max_length=500,
                                    help_text=_("Separated by commas."))
    amount_in_dispute = forms.DecimalField(label=_("Amount in dispute (CNY)"), required=False, min_value=0,
                                           max_digits=12, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_list()


class AssessForm(forms.Form):
    severity = forms.ChoiceField(choices=Severity.choices, label=_("Severity"))
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, label=_("Priority"))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message to the customer"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(choices=RemedyKind.choices, label=_("Remedy"))
    amount = forms.DecimalField(label=_("Amount (CNY)"), required=False, min_value=0, max_digits=12,
                                decimal_places=2)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000)


class ExecuteForm(forms.Form):
    remedy = forms.IntegerField(widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=100)


class RemedyRefForm(forms.Form):
    remedy = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject")),
                                          ("return", _("Return for changes"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class CallbackForm(forms.Form):
    outcome = forms.ChoiceField(choices=CallbackOutcome.choices, label=_("Outcome"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    solved = forms.NullBooleanField(label=_("Problem solved?"), required=False, widget=forms.Select(choices=[
        ("", "—"), ("true", _("Yes")), ("false", _("No"))]))
    first_contact = forms.NullBooleanField(label=_("Solved at first contact?"), required=False,
                                           widget=forms.Select(choices=[("", "—"), ("true", _("Yes")),
                                                                        ("false", _("No"))]))
    satisfaction = forms.TypedChoiceField(label=_("Satisfaction"), required=False, coerce=int, empty_value=None,
                                          choices=[("", "—")] + [(i, str(i)) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("Customer's comment"), required=False, max_length=2000)
    follow_up = forms.ChoiceField(label=_("If not satisfied"), choices=[
        ("reopen", _("Reopen to the team lead")), ("re_complaint", _("Open a linked re-complaint"))])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class FindingForm(forms.Form):
    """The root cause and responsibility (the service checks the person is in the
    department). `required=False` when the complaint already has its finding."""

    root_cause = forms.ModelChoiceField(queryset=None, label=_("Root cause"), to_field_name="code")
    responsible_department = forms.ModelChoiceField(queryset=None, label=_("Responsible department"))
    responsible_person = forms.TypedChoiceField(label=_("Directly responsible person"), required=False, coerce=int,
                                                empty_value=None)
    finding_note = forms.CharField(label=_("Finding note"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, required=True, **kwargs):
        from django.contrib.auth import get_user_model

        from tickets.display import person_name
        from tickets.selectors import department_list

        from .models import RootCause

        super().__init__(*args, **kwargs)
        self.fields["root_cause"].queryset = RootCause.objects.filter(is_active=True)
        self.fields["responsible_department"].queryset = department_list().order_by("kind", "code")
        people = (get_user_model().objects.filter(is_active=True, profile__department__is_active=True)
                  .select_related("profile__department").order_by("profile__department__code", "username"))
        groups: dict = {}
        for user in people:
            groups.setdefault(str(user.profile.department), []).append((user.pk, person_name(user)))
        self.fields["responsible_person"].choices = [("", "—")] + list(groups.items())
        if not required:
            self.fields["root_cause"].required = False
            self.fields["responsible_department"].required = False

    def finding(self) -> dict | None:
        """The service's keyword arguments, or None when nothing was chosen."""
        from django.contrib.auth import get_user_model

        data = self.cleaned_data
        if data.get("root_cause") is None:
            return None
        person = data.get("responsible_person")
        return {"root_cause": data["root_cause"], "responsible_department": data["responsible_department"],
                "responsible_person": get_user_model().objects.filter(pk=person).first() if person else None,
                "note": data.get("finding_note", "")}

    def clean(self):
        data = super().clean()
        if bool(data.get("root_cause")) != bool(data.get("responsible_department")) and not self.errors:
            raise forms.ValidationError(_("Choose both the root cause and the responsible department."))
        return data


class SurveyForm(forms.Form):
    solved = forms.TypedChoiceField(label=_("Was your problem solved?"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect)
    satisfaction = forms.TypedChoiceField(label=_("How satisfied are you?"), coerce=int, widget=forms.RadioSelect,
                                          choices=[(i, str(i)) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("Anything else you want to tell us?"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


CHALLENGE_SALT = "complaints.public-form"
CHALLENGE_MAX_AGE = 30 * 60


def new_challenge(rng=random) -> tuple[str, str]:
    """(question, signed token holding the answer)."""
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    return f"{a} + {b} = ?", signing.dumps(a + b, salt=CHALLENGE_SALT)


class PublicComplaintForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    phone = forms.RegexField(label=_("Mobile phone"), regex=r"^\+?[0-9 \-]{6,20}$", max_length=20)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    category = CategoryChoice(queryset=Category.objects.none(), label=_("What is it about?"))
    title = forms.CharField(label=_("In one sentence"), max_length=200)
    description = forms.CharField(label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=5000)
    desired_remedy = forms.CharField(label=_("What would you like us to do?"), max_length=1000,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    order_numbers = forms.CharField(label=_("Order number(s), if any"), required=False, max_length=300)
    answer = forms.IntegerField(label=_("Please solve"))
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=200)
    # A field people do not see; bots fill it.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={
        "class": "hp", "tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_list().filter(parent__isnull=True)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Please check your answer."))
        try:
            expected = signing.loads(data.get("challenge") or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(_("The question expired; please answer the new one.")) from None
        if data.get("answer") != expected:
            self.add_error("answer", _("Please check your answer."))
        return data


class SeatGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=100, required=False)
    code = forms.SlugField(label=_("Code"), max_length=40)
    categories = forms.ModelMultipleChoiceField(queryset=Category.objects.none(), required=False,
                                                label=_("Complaint types"))
    tiers = forms.MultipleChoiceField(choices=[("vip", _("VIP")), ("gold", _("Gold")), ("standard", _("Standard"))],
                                      required=False, widget=forms.CheckboxSelectMultiple, label=_("Customer tiers"))
    members = forms.ModelMultipleChoiceField(queryset=None, required=False, label=_("Members"))
    is_vip = forms.BooleanField(label=_("VIP green channel"), required=False)
    is_pool = forms.BooleanField(label=_("Pool (fallback)"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    rank = forms.IntegerField(label=_("Rank"), initial=0, min_value=-100, max_value=100)

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from tickets.models.org import SERVICE_CENTER_ROLES

        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = category_list()
        self.fields["members"].queryset = get_user_model().objects.filter(
            is_active=True, profile__role__in=SERVICE_CENTER_ROLES).order_by("username")

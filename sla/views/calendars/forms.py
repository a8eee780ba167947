"""Forms of the calendar pages: shape only (the services hold the rules)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from slacenter.inputs import StrictDateFormField

from ...models import CalendarOverride
from ...selectors.calendars import MAX_SIMULATED_DAYS, MAX_SIMULATED_SECONDS, weekday_names


def parse_windows(text: str) -> list[list[str]]:
    """"09:00-12:00, 13:30-18:00" → [["09:00", "12:00"], ["13:30", "18:00"]]. The
    times themselves are checked by the kernel (via the service)."""
    out = []
    for part in re.split(r"[,;，；\s]+", (text or "").strip()):
        if not part:
            continue
        bits = re.split(r"[-–~～]", part)
        if len(bits) != 2:
            raise forms.ValidationError(_("Write windows as 09:00-12:00, separated by commas."))
        out.append([bits[0].strip(), bits[1].strip()])
    return out


def windows_text(windows) -> str:
    return ", ".join(f"{a}-{b}" for a, b in windows or [])


class WeeklyHoursForm(forms.Form):
    effective_from = StrictDateFormField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, weekly=None, **kwargs):
        super().__init__(*args, **kwargs)
        for day, name in enumerate(weekday_names()):
            self.fields[f"day_{day}"] = forms.CharField(
                label=name, required=False, max_length=200,
                initial=windows_text((weekly or {}).get(str(day))),
                help_text=_("e.g. 09:00-12:00, 13:30-18:00; empty = closed"),
            )

    def clean(self):
        data = super().clean()
        weekly = {}
        for day in range(7):
            try:
                weekly[str(day)] = parse_windows(data.get(f"day_{day}", ""))
            except forms.ValidationError as exc:
                self.add_error(f"day_{day}", exc)
        data["weekly"] = weekly
        return data


class OverrideForm(forms.Form):
    date = StrictDateFormField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarOverride.Kind.choices)
    hours = forms.CharField(label=_("Hours"), required=False, max_length=200,
                            help_text=_("Empty for a holiday; e.g. 09:00-15:00 for a shortened day"))
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    name_en = forms.CharField(label=_("English name"), max_length=100, required=False)

    def clean_hours(self):
        return parse_windows(self.cleaned_data.get("hours", ""))


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2001, max_value=2100)


class SimulateForm(forms.Form):
    UNITS = [("minutes", _("minutes")), ("hours", pgettext_lazy("duration unit", "hours")), ("days", _("working days"))]

    start = forms.DateTimeField(label=_("Start (local time)"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
    amount = forms.IntegerField(label=_("Duration"), min_value=0, max_value=MAX_SIMULATED_SECONDS // 60)
    unit = forms.ChoiceField(label=_("Unit"), choices=UNITS)
    end_of_day = forms.BooleanField(label=_("Due at the end of that working day"), required=False)

    def clean(self):
        data = super().clean()
        amount, unit = data.get("amount"), data.get("unit")
        if amount is None or not unit:
            return data
        if unit == "days":
            if amount > MAX_SIMULATED_DAYS:
                self.add_error("amount", _("At most %(max)s working days.") % {"max": MAX_SIMULATED_DAYS})
            data["duration"] = {"days": amount, "end_of_day": data.get("end_of_day", False)}
        else:
            seconds = amount * (3600 if unit == "hours" else 60)
            if seconds > MAX_SIMULATED_SECONDS:
                self.add_error("amount", _("That is more than a year of business time."))
            data["duration"] = {"seconds": seconds}
        return data

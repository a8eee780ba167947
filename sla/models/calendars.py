from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models.bilingual import BilingualName


class ServiceCalendar(BilingualName, models.Model):
    """When a department works: an IANA zone, weekly hours (versioned) and dated
    overrides (holidays, make-up workdays, shortened days). The business-time
    arithmetic itself is `sla.kernel`; this is what it is fed with."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    department = models.ForeignKey(
        "tickets.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendars",
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    # Whether China's statutory holidays / make-up workdays apply (imported per year).
    observes_statutory_holidays = models.BooleanField(_("observes statutory holidays"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Bumped by every write to the calendar, its versions or overrides (services only):
    # `sla.kernel_calendars.kernel_calendar` caches the kernel calendar by (id, revision).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service calendar")
        verbose_name_plural = _("service calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["department"], condition=models.Q(is_active=True), name="one_active_calendar_per_department"
            )
        ]

    def __str__(self):
        return self.display_name


class CalendarVersion(models.Model):
    """Weekly hours from `effective_from` (a local date) until the next version.
    A change is a new version; past versions are never edited, so clocks that ran
    under them replay the same."""

    calendar = models.ForeignKey(
        ServiceCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="versions"
    )
    effective_from = models.DateField(_("effective from"))
    # {"0": [["09:00", "12:00"], ["13:30", "18:00"]], …, "6": []}: 0 = Monday.
    weekly = models.JSONField(_("weekly hours"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["calendar", "effective_from"]
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "effective_from"], name="one_version_per_effective_date")
        ]

    def __str__(self):
        return f"{self.calendar} @ {self.effective_from}"


class CalendarOverride(BilingualName, models.Model):
    """One local date whose hours replace the weekly ones. `hours` = [] is a closed day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        MAKEUP_WORKDAY = "makeup_workday", _("Make-up workday")
        SHORTENED = "shortened", _("Shortened day")
        SPECIAL = "special", _("Special hours")

    class Source(models.TextChoices):
        IMPORTED = "imported", _("Imported (statutory)")
        MANUAL = "manual", _("Entered by hand")

    calendar = models.ForeignKey(
        ServiceCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="overrides"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hours = models.JSONField(_("hours"), default=list, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["calendar", "date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="one_override_per_date")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


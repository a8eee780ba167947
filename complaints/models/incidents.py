"""Batch early warning (批量投诉预警) and master incidents (批量事件).

A rule watches one dimension (the category, or a free tag value such as a SKU or a
region) and compares the recent window with the same hour of the week over the
previous weeks. An alert is unique per (rule, value, window end); it opens or joins a
suspected incident, which a lead confirms or dismisses. A confirmed incident is the
master of the complaints linked to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintTag(models.Model):
    """A free tag value on a complaint (product/SKU, region, order batch…). The
    complaint's creation time is copied so detection reads one index."""

    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="tags")
    value = models.CharField(_("tag"), max_length=100)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("complaint tag")
        verbose_name_plural = _("complaint tags")
        constraints = [models.UniqueConstraint(fields=["complaint", "value"], name="complaint_tag_unique")]
        indexes = [models.Index(fields=["created_at", "value"], name="complaint_tag_created_idx")]

    def __str__(self):
        return self.value


class WarningDimension(models.TextChoices):
    CATEGORY = "category", _("Category")
    TAG = "tag", _("Tag value")


class EarlyWarningRule(models.Model):
    name = models.CharField(_("name"), max_length=100)
    dimension = models.CharField(_("dimension"), max_length=10, choices=WarningDimension.choices,
                                 default=WarningDimension.CATEGORY)
    window_minutes = models.PositiveSmallIntegerField(_("window (minutes)"), default=60)
    baseline_weeks = models.PositiveSmallIntegerField(_("baseline weeks"), default=4)
    min_count = models.PositiveSmallIntegerField(_("minimum count"), default=5)
    k = models.DecimalField(_("k (standard deviations)"), max_digits=4, decimal_places=2, default=3)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("early-warning rule")
        verbose_name_plural = _("early-warning rules")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class IncidentStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")
    RESOLVED = "resolved", _("Resolved")


class Incident(models.Model):
    """A batch incident: the master of the complaints about one problem."""

    title = models.CharField(_("title"), max_length=200)
    # Written only by complaints.services.incidents.incident_transition.
    status = models.CharField(_("status"), max_length=10, choices=IncidentStatus.choices,
                              default=IncidentStatus.SUSPECTED, editable=False)
    category = models.ForeignKey("tickets.Category", verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    tag = models.CharField(_("tag"), max_length=100, blank=True)
    responsible_department = models.ForeignKey("tickets.Department", verbose_name=_("responsible department"),
                                               null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Media, regulator, many customers, safety: counted against the agreements' "0 per quarter".
    is_major = models.BooleanField(_("major incident"), default=False)
    major_reasons = models.JSONField(_("major because"), default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_reason = models.TextField(_("decision reason"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("batch incident")
        verbose_name_plural = _("batch incidents")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["status", "-opened_at"], name="incident_status_idx"),
                   models.Index(fields=["responsible_department", "is_major", "confirmed_at"],
                                name="incident_major_idx")]

    def __str__(self):
        return self.title


class EarlyWarningAlert(models.Model):
    rule = models.ForeignKey(EarlyWarningRule, verbose_name=_("rule"), on_delete=models.CASCADE,
                             related_name="alerts")
    # "category:<id>" or "tag:<value>": one alert per rule, value and window.
    value_key = models.CharField(_("value"), max_length=120)
    window_start = models.DateTimeField(_("window start"))
    window_end = models.DateTimeField(_("window end"))
    count = models.PositiveIntegerField(_("count"))
    baseline_mean = models.FloatField(_("baseline mean"))
    baseline_sd = models.FloatField(_("baseline standard deviation"))
    baseline_weeks = models.PositiveSmallIntegerField(_("weeks of history"))
    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
                                 related_name="alerts")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("early-warning alert")
        verbose_name_plural = _("early-warning alerts")
        ordering = ["-window_end", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "value_key", "window_end"],
                                               name="alert_one_per_rule_window")]

    def __str__(self):
        return f"{self.value_key} @ {self.window_end:%Y-%m-%d %H:%M}"


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    LINKED = "linked", _("Linked")
    DECLINED = "declined", _("Declined")


class IncidentLink(models.Model):
    """A complaint under a master incident: suggested, then confirmed by a lead."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
                                 related_name="links")
    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="incident_links")
    status = models.CharField(_("status"), max_length=10, choices=LinkStatus.choices,
                              default=LinkStatus.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("incident link")
        verbose_name_plural = _("incident links")
        ordering = ["incident", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["incident", "complaint"], name="incident_link_unique")]

    def __str__(self):
        return f"{self.incident_id} ← {self.complaint_id}"


class IncidentBroadcast(models.Model):
    """One stage reply of the master to every linked customer. `key` makes a repeated
    or concurrent submission the same broadcast."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
                                 related_name="broadcasts")
    key = models.CharField(_("key"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=20, default="stage_reply")
    body = models.TextField(_("body"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("incident broadcast")
        verbose_name_plural = _("incident broadcasts")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["incident", "key"], name="incident_broadcast_key")]

    def __str__(self):
        return f"{self.incident_id}:{self.key}"


class BroadcastDelivery(models.Model):
    """A broadcast given to one child complaint: at most once each."""

    broadcast = models.ForeignKey(IncidentBroadcast, verbose_name=_("broadcast"), on_delete=models.CASCADE,
                                  related_name="deliveries")
    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("broadcast delivery")
        verbose_name_plural = _("broadcast deliveries")
        constraints = [models.UniqueConstraint(fields=["broadcast", "complaint"], name="broadcast_delivery_once")]

    def __str__(self):
        return f"{self.broadcast_id} → {self.complaint_id}: {self.outcome}"

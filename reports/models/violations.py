"""Violations found by the close, their appeals (申诉/豁免) and the adjustments that
correct a locked month from a later open one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Violation(models.Model):
    """One violation under a penalty clause: who (party, department, directly
    responsible person), how much, and the evidence. `key` identifies it across
    re-runs of the close (e.g. `indicator:12`, `breach:345`)."""

    close = models.ForeignKey("reports.AgreementClose", verbose_name=_("agreement close"),
                              on_delete=models.CASCADE, related_name="violations")
    key = models.CharField(_("key"), max_length=60)
    kind = models.CharField(_("violation"), max_length=20)
    party = models.CharField(_("party"), max_length=1)
    department = models.ForeignKey("tickets.Department", verbose_name=_("department"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("directly responsible person"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    clause = models.ForeignKey("sla.PenaltyClause", verbose_name=_("penalty clause"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    # What is due after the appeal decision (= amount until decided).
    final_amount = models.DecimalField(_("final amount (CNY)"), max_digits=12, decimal_places=2)
    summary = models.CharField(_("summary"), max_length=300)
    indicator_result = models.ForeignKey("reports.IndicatorResult", verbose_name=_("indicator result"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="violations")
    ticket = models.ForeignKey("tickets.Ticket", verbose_name=_("ticket"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    clock = models.ForeignKey("sla.TicketClock", verbose_name=_("clock"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    # False when a later re-run no longer finds it but an appeal keeps the row.
    current = models.BooleanField(_("found by the latest close run"), default=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["close", "party", "kind", "occurred_at", "id"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        constraints = [models.UniqueConstraint(fields=["close", "key"], name="violation_once_per_key")]
        indexes = [models.Index(fields=["department", "created_at"], name="violation_dept_idx")]

    def __str__(self):
        return self.summary


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld (penalty stands)")
    WAIVED = "waived", _("Waived")
    REDUCED = "reduced", _("Reduced")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Appeal(models.Model):
    """The penalised side's appeal against one violation; the service manager or the
    other party's head decides. Status moves only through `reports.services.appeal_transition`."""

    violation = models.OneToOneField(Violation, verbose_name=_("violation"), on_delete=models.CASCADE,
                                     related_name="appeal")
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices,
                              default=AppealStatus.PENDING, editable=False)
    reason = models.TextField(_("reason"))
    evidence = models.TextField(_("evidence"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(_("filed at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("decision reason"), blank=True, editable=False)
    reduced_amount = models.DecimalField(_("reduced amount (CNY)"), max_digits=12, decimal_places=2, null=True,
                                         blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["status"], name="appeal_status_idx")]

    def __str__(self):
        return f"{self.violation} ({self.get_status_display()})"

    @property
    def is_decided(self) -> bool:
        return self.status in (AppealStatus.UPHELD, AppealStatus.WAIVED, AppealStatus.REDUCED)


class Adjustment(models.Model):
    """A correction of a locked month's violation, booked in a later open month."""

    month = models.ForeignKey("reports.ReportMonth", verbose_name=_("booked in month"), on_delete=models.PROTECT,
                              related_name="adjustments")
    original = models.ForeignKey(Violation, verbose_name=_("original violation"), on_delete=models.PROTECT,
                                 related_name="adjustments")
    amount = models.DecimalField(_("amount change (CNY)"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")

    def __str__(self):
        return f"{self.original} {self.amount:+}"

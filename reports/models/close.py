"""A closed month: one `ReportMonth` per calendar month (open → locked), one
`AgreementClose` per agreement version in force that month, with its indicator and
criterion results. Rows of an open month are drafts: a re-run of the close replaces
them (same keys, so the same rows). A locked month never changes again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LOCKED = "locked", _("Locked")


class ReportMonth(models.Model):
    # First local day of the month (Asia/Shanghai).
    month = models.DateField(_("month"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=MonthStatus.choices, default=MonthStatus.OPEN,
                              editable=False)
    closed_at = models.DateTimeField(_("last closed at"), null=True, blank=True, editable=False)
    close_runs = models.PositiveIntegerField(_("close runs"), default=0, editable=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, editable=False)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("locked by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+", editable=False)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("report month")
        verbose_name_plural = _("report months")

    def __str__(self):
        return f"{self.month:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        return self.status == MonthStatus.LOCKED

    @property
    def is_quarter_end(self) -> bool:
        return self.month.month % 3 == 0


class AgreementClose(models.Model):
    """The month's result of one agreement version: achieved when every criterion
    evaluated this month is met."""

    month = models.ForeignKey(ReportMonth, verbose_name=_("month"), on_delete=models.CASCADE, related_name="closes")
    version = models.ForeignKey("sla.AgreementVersion", verbose_name=_("agreement version"),
                                on_delete=models.PROTECT, related_name="+")
    achieved = models.BooleanField(_("achieved"), default=False)
    indicators_missed = models.PositiveIntegerField(_("indicators missed"), default=0)
    penalty_total = models.DecimalField(_("penalties (CNY)"), max_digits=14, decimal_places=2, default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["month", "version__agreement__code"]
        verbose_name = _("agreement close")
        verbose_name_plural = _("agreement closes")
        constraints = [models.UniqueConstraint(fields=["month", "version"], name="close_once_per_version_month")]

    def __str__(self):
        return f"{self.version} {self.month}"


class IndicatorResult(models.Model):
    """One indicator's figure for the period ending in this month. `met` is null when
    the figure could not be measured (no data or no source yet), with `note` saying why."""

    close = models.ForeignKey(AgreementClose, verbose_name=_("agreement close"), on_delete=models.CASCADE,
                              related_name="indicator_results")
    indicator = models.ForeignKey("sla.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="+")
    # Snapshot of the indicator as it was measured (the agreement text may be amended later).
    name = models.CharField(_("name"), max_length=200)
    metric = models.CharField(_("metric"), max_length=40)
    party = models.CharField(_("responsible party"), max_length=1)
    comparator = models.CharField(_("comparator"), max_length=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=4)
    standard_target = models.DecimalField(_("standard target"), max_digits=12, decimal_places=4)
    override_reason = models.TextField(_("campaign override"), blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=4, null=True, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=16, decimal_places=4, null=True, blank=True)
    met = models.BooleanField(_("met"), null=True)
    definition = models.TextField(_("definition"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # {"label": ..., "url": ...} links to the rows behind the figure.
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    responsible_person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"),
                                           null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["close", "indicator__sort_order", "indicator_id"]
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        constraints = [models.UniqueConstraint(fields=["close", "indicator"], name="indicator_result_once")]

    def __str__(self):
        return f"{self.name}: {self.actual}"

    @property
    def comparator_display(self) -> str:
        return {">=": "≥", "<=": "≤"}.get(self.comparator, self.comparator)

    @property
    def is_override(self) -> bool:
        return self.target != self.standard_target


class CriterionResult(models.Model):
    """An achievement criterion (达成服务标准) of the agreement for this month."""

    class Code(models.TextChoices):
        INDICATORS_MISSED = "indicators_missed", _("Missed indicators in the month ≤ 0")
        CHANNEL_COMPLAINTS = "channel_complaints", _("Channel service complaints ≤ 0.04 % of orders")
        MAJOR_INCIDENTS = "major_incidents", _("Major incidents in the quarter ≤ 0")

    close = models.ForeignKey(AgreementClose, verbose_name=_("agreement close"), on_delete=models.CASCADE,
                              related_name="criteria")
    code = models.CharField(_("criterion"), max_length=30, choices=Code.choices)
    limit = models.DecimalField(_("limit"), max_digits=12, decimal_places=4)
    actual = models.DecimalField(_("actual"), max_digits=16, decimal_places=4, null=True, blank=True)
    # null: not evaluated this month (e.g. a quarter criterion before the quarter's last month).
    met = models.BooleanField(_("met"), null=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["close", "id"]
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        constraints = [models.UniqueConstraint(fields=["close", "code"], name="criterion_result_once")]

    def __str__(self):
        return f"{self.get_code_display()}: {self.met}"


class IndicatorOwner(models.Model):
    """The directly responsible person for an indicator on its party's side, when it is
    not the party department's head (the default)."""

    indicator = models.OneToOneField("sla.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE,
                                     related_name="reports_owner")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"),
                               on_delete=models.PROTECT, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("indicator's responsible person")
        verbose_name_plural = _("indicators' responsible persons")

    def __str__(self):
        return f"{self.indicator} → {self.person}"

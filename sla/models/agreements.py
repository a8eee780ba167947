"""Internal agreements (内部SLA协议) between client departments (甲方, party A) and a
provider (乙方, party B, usually the service center).

An `Agreement` is the logical contract (its code and title); every signed text is an
`AgreementVersion`. An amendment is a new version copied from the active one; the old
version stays readable and becomes *superseded* when the amendment is activated.
Status moves are listed in `sla.workflow` and made only by
`sla.services.agreements.agreement_transition`.

A version *governs* the local dates from `effective_from` to `governs_until`
(`ended_on` when it was cut short by supersession or termination, else
`effective_to`), once it has been activated. Reports for past months therefore still
find the version that was in force then, whatever its status is today.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import Channel


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNATURES = "awaiting_signatures", _("Awaiting signatures")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    SUPERSEDED = "superseded", _("Superseded")


# Statuses of versions that were signed by every party (they governed, or will govern, a period).
SIGNED_STATUSES = [
    AgreementStatus.ACTIVE,
    AgreementStatus.EXPIRED,
    AgreementStatus.SUPERSEDED,
    AgreementStatus.TERMINATED,
]
# Versions still being worked on; an agreement has at most one of these at a time.
IN_PROGRESS_STATUSES = [AgreementStatus.DRAFT, AgreementStatus.AWAITING_SIGNATURES]


class Party(models.TextChoices):
    A = "A", _("Party A (client department)")
    B = "B", _("Party B (provider)")


class Agreement(models.Model):
    """The logical agreement: one code and title across all its versions."""

    code = models.CharField(_("number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return f"{self.code} {self.title}"


class AgreementVersion(models.Model):
    """One text of the agreement, as drafted, signed and put in force."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    client_departments = models.ManyToManyField(
        "tickets.Department", verbose_name=_("party A (client departments)"), related_name="client_agreements"
    )
    provider = models.ForeignKey(
        "tickets.Department",
        verbose_name=_("party B (provider)"),
        on_delete=models.PROTECT,
        related_name="provided_agreements",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    calendar = models.ForeignKey(
        "sla.ServiceCalendar",
        verbose_name=_("service calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_versions",
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    reporting = models.TextField(_("reporting mechanism"), blank=True)
    duties_a = models.TextField(_("rights and duties of party A"), blank=True)
    duties_b = models.TextField(_("rights and duties of party B"), blank=True)
    # Written only by sla.services.agreements.agreement_transition.
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, editable=False
    )
    amended_from = models.ForeignKey(
        "self", verbose_name=_("amends"), null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, editable=False)
    # Last local date this version governs when it was cut short (superseded or terminated).
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    end_reason = models.TextField(_("reason for ending"), blank=True, editable=False)

    class Meta:
        ordering = ["agreement", "-number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number_unique"),
            models.UniqueConstraint(
                fields=["agreement"], condition=models.Q(status="active"), name="one_active_version_per_agreement"
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(status__in=["draft", "awaiting_signatures"]),
                name="one_open_version_per_agreement",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_from__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="agreement_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "effective_to"], name="agreement_status_end_idx")]

    def __str__(self):
        return f"{self.agreement.code} v{self.number}"

    @property
    def governs_until(self) -> date | None:
        return self.ended_on or self.effective_to

    def is_in_force(self, on: date) -> bool:
        """Whether this version governed (or governs) the local date `on`."""
        if self.status not in SIGNED_STATUSES or self.activated_at is None or self.effective_from is None:
            return False
        until = self.governs_until
        return self.effective_from <= on and (until is None or on <= until)

    @property
    def is_editable(self) -> bool:
        return self.status == AgreementStatus.DRAFT

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(value, value)) for value in self.channels or []]


class ServiceItem(models.Model):
    """One line of the service content (服务内容), optionally tied to a ticket category."""

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("agreement version"), on_delete=models.CASCADE, related_name="service_items"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        "tickets.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["version", "sort_order", "id"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")

    def __str__(self):
        return self.title


class IndicatorMetric(models.TextChoices):
    """What an indicator measures. All but `imported` are computed from ticket data."""

    FIRST_RESPONSE_COMPLIANCE = "first_response_compliance", _("First-response compliance")
    DEPARTMENT_REPLY_TIMELINESS = "department_reply_timeliness", _("Department reply timeliness")
    RESOLUTION_COMPLIANCE = "resolution_compliance", _("Resolution compliance")
    FCR = "fcr", _("First-contact resolution (FCR)")
    CSAT = "csat", _("Customer satisfaction (CSAT)")
    CHANNEL_COMPLAINTS_PER_ORDERS = "channel_complaints_per_orders", _("Channel complaints per orders")
    MAJOR_INCIDENTS = "major_incidents", _("Major incidents")
    IMPORTED = "imported", _("Imported figure")


class Comparator(models.TextChoices):
    GTE = ">=", "≥"
    LTE = "<=", "≤"
    EQ = "=", "="


class Period(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class Indicator(models.Model):
    """A key service indicator (关键服务指标) with its achievement criterion."""

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("agreement version"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    metric = models.CharField(_("metric"), max_length=40, choices=IndicatorMetric.choices)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.MONTH)
    responsible_party = models.CharField(_("responsible party"), max_length=1, choices=Party.choices)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["version", "sort_order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.name} {self.get_comparator_display()} {self.target.normalize():f}{self.unit}"

    @property
    def target_display(self) -> str:
        return f"{self.get_comparator_display()} {self.target.normalize():f}{self.unit}"


class IndicatorOverride(models.Model):
    """A different target for one period (e.g. a big campaign month, 大型活动期),
    agreed between the parties."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="overrides"
    )
    # First local day of the month or quarter it applies to.
    period_start = models.DateField(_("period start"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=4)
    reason = models.TextField(_("reason"))
    agreed_by = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("agreed by"), related_name="+")
    agreed_at = models.DateTimeField(_("agreed at"))

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("indicator override")
        verbose_name_plural = _("indicator overrides")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="one_override_per_indicator_period")
        ]

    def __str__(self):
        return f"{self.indicator.name} @ {self.period_start}: {self.target.normalize():f}"


class ViolationKind(models.TextChoices):
    MISSED_INDICATOR = "missed_indicator", _("Missed indicator in a period")
    BREACHED_REPLY = "breached_reply", _("Breached department reply")
    MAJOR_INCIDENT = "major_incident", _("Major incident")
    CONFIRMED_FINDING = "confirmed_finding", _("Confirmed accountability finding")
    OTHER = "other", _("Other")


class Payer(models.TextChoices):
    RESPONSIBLE_PERSON = "responsible_person", _("Directly responsible person")
    DEPARTMENT = "department", _("Department")


class PenaltyClause(models.Model):
    """What one violation by a party costs, and who pays it."""

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("agreement version"), on_delete=models.CASCADE, related_name="penalties"
    )
    party = models.CharField(_("violating party"), max_length=1, choices=Party.choices)
    violation = models.CharField(_("violation"), max_length=20, choices=ViolationKind.choices)
    amount = models.DecimalField(
        _("amount per violation (CNY)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1000.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    payer = models.CharField(_("paid by"), max_length=20, choices=Payer.choices, default=Payer.RESPONSIBLE_PERSON)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["version", "sort_order", "id"]
        verbose_name = _("penalty clause")
        verbose_name_plural = _("penalty clauses")

    def __str__(self):
        return f"{self.get_party_display()}: {self.get_violation_display()} ¥{self.amount}"


class AgreementSignature(models.Model):
    """One party department's signature, by its head."""

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("agreement version"), on_delete=models.CASCADE, related_name="signatures"
    )
    department = models.ForeignKey(
        "tickets.Department", verbose_name=_("party department"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["version", "signed_at", "id"]
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "department"], name="one_signature_per_party")
        ]

    def __str__(self):
        return f"{self.version} · {self.department} · {self.signer}"


class AgreementEvent(models.Model):
    """Append-only audit log of an agreement's versions: drafts, edits, moves, signatures."""

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("agreement version"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["version", "at", "id"]
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")

    def __str__(self):
        return f"{self.version} {self.action} @ {self.at:%Y-%m-%d %H:%M}"

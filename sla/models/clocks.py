"""Per-ticket SLA clocks, their breaches and the escalations fired on them.

A clock row is DERIVED: `sla.services.clocks.clocks_recompute` replays the ticket's
event log and upserts these rows, so they can be thrown away and rebuilt at any
time. Only `Breach` and `EscalationLog` record facts the sweep observed (and both
are keyed so that observing twice records once)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .policies import ClockMetric, EscalationRule, SlaPolicy


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    # Past due without being met in time; `stopped_at` is set if it was met late.
    BREACHED = "breached", _("Breached")
    # The ticket was closed as invalid before the clock was met: not measured.
    CANCELLED = "cancelled", _("Cancelled")


class TicketClock(models.Model):
    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="sla_clocks"
    )
    metric = models.CharField(_("metric"), max_length=20, choices=ClockMetric.choices)
    transfer = models.ForeignKey(
        "tickets.Transfer", verbose_name=_("transfer"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="sla_clocks", db_index=False,
    )
    # The upper-app item a per-item clock is for, beside transfers: the consultation
    # invite of a consultation reply clock. A plain id (sla never imports complaints).
    item_id = models.PositiveIntegerField(_("item"), null=True, blank=True, editable=False)
    policy = models.ForeignKey(
        SlaPolicy, verbose_name=_("policy"), null=True, on_delete=models.SET_NULL, db_index=False
    )
    policy_revision = models.PositiveIntegerField(_("policy revision"), default=0)
    # Why this policy: the ticket attributes it was matched on.
    matched_on = models.JSONField(_("matched on"), default=dict, blank=True)
    calendar = models.ForeignKey(
        "sla.ServiceCalendar", verbose_name=_("calendar"), null=True, on_delete=models.SET_NULL, db_index=False
    )
    calendar_version = models.ForeignKey(
        "sla.CalendarVersion", verbose_name=_("calendar version"), null=True, on_delete=models.SET_NULL,
        db_index=False,
    )
    started_at = models.DateTimeField(_("started at"))
    # The instant the clock was met (or cancelled); null while it runs.
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    target_seconds = models.PositiveIntegerField(_("target (business seconds)"))
    paused_seconds = models.PositiveIntegerField(_("paused (business seconds)"), default=0)
    elapsed_seconds = models.PositiveIntegerField(_("elapsed (business seconds)"), default=0)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    # The earliest escalation not fired yet (null: none pending) — the sweep's index.
    next_escalation_at = models.DateTimeField(_("next escalation at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    responsible_department = models.ForeignKey(
        "tickets.Department", verbose_name=_("responsible department"), null=True, on_delete=models.SET_NULL,
        related_name="sla_clocks",
    )
    # At the due instant (or now, while not yet due), from the event log.
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_index=False,
    )
    customer_tier = models.CharField(_("customer tier"), max_length=10, blank=True)
    # [[start_iso, end_iso_or_null, status, [department ids]]] — what stopped the clock.
    pauses = models.JSONField(_("pauses"), default=list, blank=True)
    # {department_id: business seconds} spent waiting on that department.
    pause_attribution = models.JSONField(_("pause attribution"), default=dict, blank=True)
    # [[rule_id, level, instant_iso_or_null]] sorted by instant; computed at derivation.
    escalation_plan = models.JSONField(_("escalation plan"), default=list, blank=True)
    derived_at = models.DateTimeField(_("derived at"))

    class Meta:
        ordering = ["ticket", "metric", "transfer", "item_id"]
        verbose_name = _("ticket SLA clock")
        verbose_name_plural = _("ticket SLA clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "metric"], condition=models.Q(transfer__isnull=True, item_id__isnull=True),
                name="clock_once_per_metric",
            ),
            models.UniqueConstraint(
                fields=["item_id", "metric"], condition=models.Q(item_id__isnull=False), name="clock_once_per_item",
            ),
            models.UniqueConstraint(
                fields=["transfer", "metric"], condition=models.Q(transfer__isnull=False),
                name="clock_once_per_transfer",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="clock_state_due_idx"),
            models.Index(fields=["state", "warn_at"], name="clock_state_warn_idx"),
            models.Index(
                fields=["next_escalation_at"], condition=models.Q(next_escalation_at__isnull=False),
                name="clock_next_escalation_idx",
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.metric} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.stopped_at is None and self.state in (ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED)


class Breach(models.Model):
    """A clock that passed its due instant unmet. `breached_at` is the due instant
    (never the time a sweep noticed); the responsible department and person are
    those at that instant, from the event log."""

    # No database FK constraints on this table: the sweep inserts a breach only for
    # a clock row it has just locked and updated in the same statement, and ticket,
    # department and person are copied from that (constrained) clock row — so
    # recording 10,000 breaches does not take 10,000s of deferred key-share checks at
    # commit. Clocks and tickets are only deleted through the ORM, which still
    # applies on_delete (cascade) for these keys.
    clock = models.OneToOneField(TicketClock, verbose_name=_("clock"), on_delete=models.CASCADE, related_name="breach",
                                 db_constraint=False)
    # Indexes: only the one-per-clock key and (department, breached_at) for the
    # department and monthly views; every further index is paid on each of the
    # thousands of rows one sweep may insert (ticket and person lookups go through
    # the clock or the department/month range).
    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="sla_breaches",
        db_constraint=False, db_index=False,
    )
    metric = models.CharField(_("metric"), max_length=20, choices=ClockMetric.choices)
    breached_at = models.DateTimeField(_("breached at"))
    department = models.ForeignKey(
        "tickets.Department", verbose_name=_("responsible department"), null=True, on_delete=models.SET_NULL,
        related_name="sla_breaches", db_index=False, db_constraint=False,
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="sla_breaches", db_constraint=False, db_index=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-breached_at", "-id"]
        verbose_name = _("SLA breach")
        verbose_name_plural = _("SLA breaches")
        indexes = [models.Index(fields=["department", "breached_at"], name="breach_dept_at_idx")]

    def __str__(self):
        return f"{self.ticket_id} {self.metric} @ {self.breached_at:%Y-%m-%d %H:%M}"


class EscalationLog(models.Model):
    """One escalation level fired on one clock — exactly once (unique)."""

    # No DB constraints (as on Breach): the sweep logs only clocks it has locked in
    # the same statement and rules it joined to; the ORM cascades deletes.
    clock = models.ForeignKey(
        TicketClock, verbose_name=_("clock"), on_delete=models.CASCADE, related_name="escalations", db_index=False,
        db_constraint=False,
    )
    rule = models.ForeignKey(EscalationRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="+",
                             db_index=False, db_constraint=False)
    level = models.PositiveSmallIntegerField(_("level"))
    # The instant the level was due (from the plan) and when the sweep fired it.
    scheduled_at = models.DateTimeField(_("scheduled at"))
    fired_at = models.DateTimeField(_("fired at"))
    # The level fell due but its clock had stopped before any sweep saw it running
    # (e.g. met during an outage of the workers): recorded, never notified nor acted on.
    skipped = models.BooleanField(_("skipped"), default=False, db_default=False)

    class Meta:
        ordering = ["clock", "level"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [models.UniqueConstraint(fields=["clock", "rule"], name="escalation_once_per_rule")]

    def __str__(self):
        return f"{self.clock_id} L{self.level}"

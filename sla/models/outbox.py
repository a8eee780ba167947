"""Durable follow-up work of the SLA layer: rows written in the transaction that
decided the work, applied later by a Celery task and re-driven by beat until done.

A message on the broker can be lost (a worker killed, a broker restarted); a row
committed with the decision cannot. Each row is applied idempotently, so a task that
runs twice — or a beat re-drive racing the task — changes nothing the second time.

- `EscalationAction`: an escalation level's action (raise the priority, reassign to a
  team lead), recorded by the sweep in the same transaction as the level's
  `EscalationLog` row — one per (clock, rule), like the log.
- `RecomputeRequest`: "replay the clocks of the open tickets (or of these tickets)"
  after a policy or calendar change, worked through in batches with a cursor and a
  lease, so a killed worker's successor resumes where it stopped."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    # Nothing to do when it was applied (ticket closed, priority at the top, no owner…).
    SKIPPED = "skipped", _("Skipped")
    # Gave up after the last attempt; `last_error` says why.
    FAILED = "failed", _("Failed")


class EscalationAction(models.Model):
    # No database FK constraints (as on `EscalationLog`): the sweep inserts these rows
    # in its one statement for clocks it holds locked; constraint checks at commit
    # would take key-share locks on tickets the sweep has no business locking.
    clock = models.ForeignKey("sla.TicketClock", verbose_name=_("clock"), on_delete=models.CASCADE,
                              related_name="+", db_constraint=False, db_index=False)
    rule = models.ForeignKey("sla.EscalationRule", verbose_name=_("rule"), on_delete=models.CASCADE,
                             related_name="+", db_constraint=False, db_index=False)
    ticket = models.ForeignKey("tickets.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE,
                               related_name="+", db_constraint=False, db_index=False)
    action = models.CharField(_("action"), max_length=30)
    level = models.PositiveSmallIntegerField(_("level"))
    state = models.CharField(_("processing state"), max_length=10, choices=OutboxState.choices,
                             default=OutboxState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Pending rows are (re)tried from this instant on (backoff after a failure).
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    created_at = models.DateTimeField(_("created at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("escalation action")
        verbose_name_plural = _("escalation actions")
        constraints = [models.UniqueConstraint(fields=["clock", "rule"], name="escalation_action_once")]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(state="pending"),
                         name="escalation_action_pending_idx"),
        ]

    def __str__(self):
        return f"{self.action} #{self.ticket_id} L{self.level} ({self.state})"


class RecomputeRequest(models.Model):
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # Null: every open ticket (as of the run); else exactly these tickets.
    ticket_ids = models.JSONField(_("tickets"), null=True, blank=True)
    state = models.CharField(_("processing state"), max_length=10, choices=OutboxState.choices,
                             default=OutboxState.PENDING)
    # The highest ticket id replayed so far: a resumed run continues after it.
    cursor = models.BigIntegerField(_("cursor"), default=0)
    tickets_done = models.PositiveIntegerField(_("tickets replayed"), default=0)
    # A worker holds the request until this instant; after it, another may take over.
    leased_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("clock recompute request")
        verbose_name_plural = _("clock recompute requests")
        indexes = [models.Index(fields=["created_at"], condition=models.Q(state="pending"),
                                name="recompute_request_pending_idx")]

    def __str__(self):
        return f"{self.reason or 'recompute'} ({self.state})"

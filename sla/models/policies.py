"""SLA policies: what a ticket is held to, per metric, and how escalation runs.

A policy is chosen per metric by the ticket's kind × priority × customer tier ×
category × channel (each empty = any). The most specific match wins (most
criteria set), then the higher explicit `rank`, then the lower id — so the choice
is deterministic. The VIP green channel is simply policies with `tier = vip` and
shorter targets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models.bilingual import BilingualName


class ClockMetric(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    # One clock per transfer, on the RECEIVING department's own calendar (an OLA).
    DEPARTMENT_REPLY = "department_reply", _("Department reply")
    RESOLUTION = "resolution", _("Resolution")
    CALLBACK = "callback", _("Callback")
    # The complaint loop's steps (derived from the complaint events, read by their codes).
    ACKNOWLEDGEMENT = "acknowledgement", _("Complaint acknowledgement")
    ASSESSMENT = "assessment", _("Initial assessment")
    # Rolling: from the last customer-facing reply to the next one, while the complaint is open.
    STAGE_UPDATE = "stage_update", _("Stage update")
    # The current approval step, on the approver's department calendar.
    APPROVAL = "approval", _("Approval")
    # One clock per department invited to a joint consultation, on that department's
    # own calendar (an OLA like a transfer's); its target is the consultation's deadline.
    CONSULTATION_REPLY = "consultation_reply", _("Consultation reply")


# What pauses each metric by default (ticket statuses). First response and the
# department reply never pause: the customer is waiting for the first word either way.
DEFAULT_PAUSE_STATUSES = {
    ClockMetric.FIRST_RESPONSE: [],
    ClockMetric.DEPARTMENT_REPLY: [],
    ClockMetric.RESOLUTION: ["waiting_customer", "waiting_department"],
    ClockMetric.CALLBACK: [],
    ClockMetric.ACKNOWLEDGEMENT: [],
    ClockMetric.ASSESSMENT: [],
    ClockMetric.STAGE_UPDATE: ["waiting_customer"],
    ClockMetric.APPROVAL: [],
    ClockMetric.CONSULTATION_REPLY: [],
}


class SlaPolicy(BilingualName, models.Model):
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    metric = models.CharField(_("metric"), max_length=20, choices=ClockMetric.choices)
    # Selection criteria; empty = any.
    kind = models.CharField(_("ticket kind"), max_length=20, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    tier = models.CharField(_("customer tier"), max_length=10, blank=True)
    category = models.ForeignKey(
        "tickets.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    rank = models.SmallIntegerField(
        _("rank"), default=0, help_text=_("Among equally specific matches, the higher rank wins.")
    )
    # Target: business minutes, or business days (optionally to the end of that day).
    target_minutes = models.PositiveIntegerField(_("target (business minutes)"), null=True, blank=True)
    target_days = models.PositiveSmallIntegerField(_("target (business days)"), null=True, blank=True)
    end_of_day = models.BooleanField(_("until the end of the day"), default=False)
    # Ticket statuses during which this metric's clock stands still.
    pause_statuses = models.JSONField(_("pausing statuses"), default=list, blank=True)
    warn_percent = models.PositiveSmallIntegerField(_("warning at (percent of target)"), default=75)
    # Calendar: empty = the service center's for center metrics, the receiving
    # department's for department replies.
    calendar = models.ForeignKey(
        "sla.ServiceCalendar", verbose_name=_("calendar"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The user escalation actions (raise priority, reassign) are performed as;
    # empty = the first active service manager.
    escalation_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalation owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The internal agreement this target comes from, when it comes from one.
    agreement_version = models.ForeignKey(
        "sla.AgreementVersion", verbose_name=_("agreement version"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="policies",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Bumped on every change: clocks remember the revision that produced them.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["metric", "-rank", "id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(target_minutes__isnull=False, target_days__isnull=True)
                           | models.Q(target_minutes__isnull=True, target_days__isnull=False)),
                name="policy_one_target_kind",
            ),
        ]

    def __str__(self):
        return self.display_name


    @property
    def criteria(self) -> dict:
        return {
            "kind": self.kind or None,
            "priority": self.priority,
            "tier": self.tier or None,
            "category": self.category_id,
            "channel": self.channel or None,
        }

    @property
    def specificity(self) -> int:
        return sum(value is not None for value in self.criteria.values())


class EscalationRule(models.Model):
    """One level of a policy's escalation ladder. It fires once per clock, at a
    percentage of the target (75 = three quarters of the business time spent) or
    at an offset in business minutes from the due instant (+30 = half an hour of
    business time after the breach; negative = before)."""

    class Trigger(models.TextChoices):
        PERCENT = "percent", _("Percent of target elapsed")
        OFFSET = "offset", _("Business minutes from due")

    class Recipient(models.TextChoices):
        ASSIGNEE = "assignee", _("Assignee")
        TEAM_LEADS = "team_leads", _("Team leads")
        SERVICE_MANAGERS = "service_managers", _("Service managers")
        DEPARTMENT_HEAD = "department_head", _("Responsible department head")
        DEPARTMENT_STAFF = "department_staff", _("Responsible department staff")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal (waits for working hours)")
        URGENT = "urgent", _("Urgent (sent at once)")
        URGENT_IF_VIP = "urgent_if_vip", _("Urgent for VIP customers")

    class Action(models.TextChoices):
        NONE = "", _("None")
        RAISE_PRIORITY = "raise_priority", _("Raise priority by one")
        REASSIGN_TO_LEAD = "reassign_to_lead", _("Reassign to a team lead")

    policy = models.ForeignKey(SlaPolicy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="rules")
    level = models.PositiveSmallIntegerField(_("level"))
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.PERCENT)
    percent = models.PositiveSmallIntegerField(_("percent"), null=True, blank=True)
    offset_minutes = models.IntegerField(_("offset (business minutes)"), null=True, blank=True)
    notify = models.JSONField(_("notify"), default=list, help_text=_("List of recipient kinds."))
    urgency = models.CharField(_("urgency"), max_length=15, choices=Urgency.choices, default=Urgency.NORMAL)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, blank=True, default="")

    class Meta:
        ordering = ["policy", "level"]
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        constraints = [models.UniqueConstraint(fields=["policy", "level"], name="one_rule_per_policy_level")]

    def __str__(self):
        if self.trigger == self.Trigger.PERCENT:
            return f"L{self.level} @ {self.percent}%"
        return f"L{self.level} @ due {self.offset_minutes:+d} min"

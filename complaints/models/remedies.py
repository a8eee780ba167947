from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RemedyKind(models.TextChoices):
    REFUND = "refund", _("Refund")
    RETURN = "return", _("Return")
    COMPENSATION = "compensation", _("Compensation")
    GIFT = "gift", _("Gift")
    APOLOGY = "apology", _("Written apology")
    FIX = "fix", _("Fix or redo")


class RemedyStatus(models.TextChoices):
    """Moves are listed in `complaints.workflow.REMEDY`."""

    PROPOSED = "proposed", _("Proposed")
    PENDING = "pending", _("Awaiting approval")
    RETURNED = "returned", _("Returned for changes")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXECUTED = "executed", _("Executed")


class AuthorityLimit(models.Model):
    """Up to what amount a role may grant a kind of remedy on its own (授权). The
    approval chain climbs the levels in order; `max_amount` empty = no limit. A
    `department` narrows the role to that department (e.g. the finance head). No row
    for a role and kind: that role cannot grant it alone."""

    level = models.PositiveSmallIntegerField(_("level"))
    role = models.CharField(_("role"), max_length=20)
    department = models.ForeignKey("tickets.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.CASCADE)
    remedy_kind = models.CharField(_("remedy kind"), max_length=20, choices=RemedyKind.choices)
    max_amount = models.DecimalField(_("limit (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["remedy_kind", "level"]
        verbose_name = _("authority limit")
        verbose_name_plural = _("authority limits")
        constraints = [
            models.UniqueConstraint(fields=["remedy_kind", "level"], name="authority_one_per_kind_level"),
        ]

    def __str__(self):
        limit = "∞" if self.max_amount is None else f"¥{self.max_amount}"
        return f"{self.get_remedy_kind_display()} L{self.level} {self.role} ≤ {limit}"

    @property
    def role_label(self) -> str:
        from tickets.models.org import Role

        return str(dict(Role.choices).get(self.role, self.role))


class Remedy(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="remedies")
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Written only by complaints.services.remedies.remedy_transition.
    status = models.CharField(_("status"), max_length=12, choices=RemedyStatus.choices,
                              default=RemedyStatus.PROPOSED, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    granted_at = models.DateTimeField(_("granted at"), null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("executed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["proposed_at", "id"]
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")

    def __str__(self):
        amount = f" ¥{self.amount}" if self.amount is not None else ""
        return f"{self.get_kind_display()}{amount}"


class ApprovalStatus(models.TextChoices):
    """Moves are listed in `complaints.workflow.APPROVAL`."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for changes")
    CANCELLED = "cancelled", _("Cancelled")


class ApprovalRequest(models.Model):
    """One step of a remedy's approval chain, addressed to one approver. Its deadline
    is the SLA "approval" clock (on the approver's department calendar), derived from
    the ticket events this step writes; the sweep escalates it when overdue."""

    remedy = models.ForeignKey(Remedy, verbose_name=_("remedy"), on_delete=models.CASCADE, related_name="approvals")
    level = models.PositiveSmallIntegerField(_("level"))
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.PROTECT,
                                 related_name="complaint_approvals")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # Written only by complaints.services.approvals.approval_transition.
    status = models.CharField(_("status"), max_length=10, choices=ApprovalStatus.choices,
                              default=ApprovalStatus.PENDING, editable=False)
    requested_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        indexes = [
            models.Index(fields=["approver", "status"], name="approval_approver_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["remedy"], condition=models.Q(status="pending"),
                                    name="approval_one_pending_per_remedy"),
        ]

    def __str__(self):
        return f"{self.remedy} → {self.approver} ({self.status})"

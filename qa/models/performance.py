from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QaPolicy(models.Model):
    """The center's QA and pay rules (one row; `qa.policy.policy_get` creates it with
    the defaults). Changing it affects months computed afterwards; each computed month
    keeps a copy of the rules it used."""

    class Method(models.TextChoices):
        POINTS = "points", _("Points method (数值法)")
        AMOUNT = "amount", _("Amount method (金额法)")

    method = models.CharField(_("pay method"), max_length=10, choices=Method.choices, default=Method.POINTS)
    rules = models.JSONField(_("rules"), default=dict, blank=True,
                             help_text=_("Sampling, exempt star, dispute window, components, bands and amounts; "
                                         "missing keys take the defaults."))
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("QA policy")
        verbose_name_plural = _("QA policies")

    def __str__(self):
        return str(self.get_method_display())


class AgentInput(models.Model):
    """What a lead enters or imports for an agent's month: the business test score,
    attendance score and attendance defects (absences, late arrivals)."""

    month = models.DateField(_("month"))
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.CASCADE,
                              related_name="qa_inputs")
    test_score = models.DecimalField(_("business test score"), max_digits=5, decimal_places=2, null=True,
                                     blank=True)
    attendance_score = models.DecimalField(_("attendance score"), max_digits=5, decimal_places=2, null=True,
                                           blank=True)
    absences = models.PositiveSmallIntegerField(_("absences"), default=0)
    late_arrivals = models.PositiveSmallIntegerField(_("late arrivals"), default=0)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-month", "agent"]
        verbose_name = _("agent month input")
        verbose_name_plural = _("agent month inputs")
        constraints = [models.UniqueConstraint(fields=["month", "agent"], name="qa_input_month_agent_uniq")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.agent}"


class PerformanceMonth(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open (recomputable)")
        LOCKED = "locked", _("Locked")

    month = models.DateField(_("month"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN,
                              editable=False)
    method = models.CharField(_("pay method"), max_length=10, choices=QaPolicy.Method.choices)
    rules = models.JSONField(_("rules used"), default=dict)
    pool = models.DecimalField(_("deduction pool"), max_digits=12, decimal_places=2, default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("locked by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-month"]
        verbose_name = _("performance month")
        verbose_name_plural = _("performance months")

    def __str__(self):
        return f"{self.month:%Y-%m}"


class AgentPerformance(models.Model):
    """One agent's computed month: the total, band or pay and every line of the
    computation (so the agent can redo it by hand)."""

    performance_month = models.ForeignKey(PerformanceMonth, verbose_name=_("performance month"),
                                          on_delete=models.CASCADE, related_name="agents")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.CASCADE,
                              related_name="qa_performance")
    score = models.DecimalField(_("performance score"), max_digits=6, decimal_places=2, null=True, blank=True)
    band = models.CharField(_("pay band"), max_length=20, blank=True)
    pay = models.DecimalField(_("performance pay"), max_digits=10, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    lines = models.JSONField(_("breakdown"), default=list)

    class Meta:
        ordering = ["performance_month", "rank"]
        verbose_name = _("agent performance")
        verbose_name_plural = _("agent performance")
        constraints = [models.UniqueConstraint(fields=["performance_month", "agent"], name="qa_perf_month_agent_uniq")]

    def __str__(self):
        return f"{self.performance_month} {self.agent}"

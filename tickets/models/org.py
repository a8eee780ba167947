from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bilingual import BilingualName


class Department(BilingualName, models.Model):
    class Kind(models.TextChoices):
        SERVICE_CENTER = "service_center", _("Service center")
        BUSINESS = "business", _("Business department")

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BUSINESS)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.display_name


    @property
    def is_service_center(self) -> bool:
        return self.kind == self.Kind.SERVICE_CENTER


class Role(models.TextChoices):
    """Staff roles. Each role is also a Django group holding its permissions
    (kept in sync by `tickets.services.org.staff_set_role`)."""

    AGENT = "agent", _("Agent")
    TEAM_LEAD = "team_lead", _("Team lead")
    QA_SPECIALIST = "qa_specialist", _("QA specialist")
    SERVICE_MANAGER = "service_manager", _("Service manager")
    DEPT_STAFF = "dept_staff", _("Department staff")
    DEPT_HEAD = "dept_head", _("Department head")
    ADMIN = "admin", _("Administrator")


SERVICE_CENTER_ROLES = {Role.AGENT, Role.TEAM_LEAD, Role.QA_SPECIALIST, Role.SERVICE_MANAGER}
DEPARTMENT_ROLES = {Role.DEPT_STAFF, Role.DEPT_HEAD}
# Roles that see every service-center ticket, not only their own queue.
CENTER_WIDE_ROLES = {Role.TEAM_LEAD, Role.QA_SPECIALIST, Role.SERVICE_MANAGER}
# Roles that direct the center's work: assign others, approve within their limits.
SUPERVISOR_ROLES = {Role.TEAM_LEAD, Role.SERVICE_MANAGER, Role.ADMIN}
# Roles that configure the center: SLA policies, calendars, agreements for party B.
MANAGER_ROLES = {Role.SERVICE_MANAGER, Role.ADMIN}


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.department})"

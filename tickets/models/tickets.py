import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .bilingual import BilingualName
from .customers import Customer
from .org import Department


def category_path(parent_name: str | None, name: str) -> str:
    """How a category is named with its parent: "配送 › 延误"."""
    return f"{parent_name} › {name}" if parent_name else name


class Category(BilingualName, models.Model):
    """A node of the editable category tree (logistics › delayed delivery, …)."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The department that usually fixes this kind of problem (suggested on transfer).
    default_department = models.ForeignKey(
        Department, verbose_name=_("default department"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return category_path(self.parent.display_name if self.parent_id else None, self.display_name)


class TicketKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    REQUEST = "request", _("Request")
    COMPLAINT = "complaint", _("Complaint")


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("400 hotline")
    WEBCHAT = "webchat", _("Webchat")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("E-mail")
    WEB_FORM = "web_form", _("Web form")
    COUNTER = "counter", _("Counter")
    SOCIAL = "social", _("Social media")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class TicketStatus(models.TextChoices):
    """Ticket statuses. Moves between them are listed in `tickets.workflow`."""

    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting on customer")
    WAITING_DEPARTMENT = "waiting_department", _("Waiting on department")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [
    TicketStatus.NEW,
    TicketStatus.IN_PROGRESS,
    TicketStatus.WAITING_CUSTOMER,
    TicketStatus.WAITING_DEPARTMENT,
]


class TicketCounter(models.Model):
    """The last ticket number handed out on a (local) day: T20261122-000123."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket counter")
        verbose_name_plural = _("ticket counters")

    def __str__(self):
        return f"{self.day}: {self.last}"


class Ticket(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=TicketKind.choices, default=TicketKind.INQUIRY)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="tickets")
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    # Written only by tickets.services.workflow.ticket_transition.
    status = models.CharField(
        _("status"), max_length=20, choices=TicketStatus.choices, default=TicketStatus.NEW, editable=False
    )
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="tickets")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="owned_tickets",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_tickets",
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"))
    # The customer's tier, copied (ticket_create, customer_update): the work queues put VIP
    # tickets first from an index (ticket_open_vip_idx) instead of sorting every open
    # ticket by a join to the customer (issue 12).
    customer_vip = models.BooleanField(_("VIP customer"), default=False, db_default=False, editable=False)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="ticket_status_created_idx"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status_idx"),
            models.Index(fields=["responsible_department", "status"], name="ticket_dept_status_idx"),
            models.Index(fields=["customer", "-created_at"], name="ticket_customer_created_idx"),
            models.Index(fields=["-customer_vip", "-created_at", "-id"], name="ticket_open_vip_idx",
                         condition=models.Q(status__in=OPEN_STATUSES)),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TicketEvent(models.Model):
    """Append-only log of everything that happened to a ticket: who, what, when,
    old → new, why. Complete enough to replay the ticket (the SLA clocks are derived
    from it). Rows are only ever inserted, by the services."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("ticket event", "Created")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        FIELD_CHANGED = "field_changed", _("Field changed")
        COMMENTED = "commented", _("Internal note")
        REPLIED = "replied", _("Replied to customer")
        ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
        TRANSFERRED = "transferred", _("Transferred to department")
        TRANSFER_REPLIED = "transfer_replied", _("Department replied")
        TRANSFER_BOUNCED = "transfer_bounced", _("Department bounced")
        TRANSFER_RATED = "transfer_rated", _("Department answer rated")

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="events")
    # Built-in kinds (`Kind`) or ones upper apps registered (`tickets.events`); no DB
    # choices, so a new kind needs no tickets migration.
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ticket_events",
    )
    at = models.DateTimeField(_("at"))
    field = models.CharField(_("field"), max_length=40, blank=True)
    old_value = models.CharField(_("old value"), max_length=200, blank=True)
    new_value = models.CharField(_("new value"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        indexes = [
            models.Index(fields=["ticket", "at"], name="event_ticket_at_idx"),
            models.Index(fields=["actor", "ticket"], name="event_actor_ticket_idx"),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.kind} @ {self.at:%Y-%m-%d %H:%M}"

    def get_kind_display(self) -> str:
        from ..events import kind_label

        return kind_label(self.kind)


class Comment(models.Model):
    """An internal note (staff only) or a reply to the customer."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Internal note")
        PUBLIC = "public", _("Reply to customer")

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.ticket_id}: {self.body[:40]}"


def attachment_path(instance, filename: str) -> str:
    """A random stored name; the original name is kept in the row, never on disk."""
    return f"{instance.ticket_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ReplyTemplate(models.Model):
    """A canned reply, offered in the reply box for its category (or for all when
    the category is empty)."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE, related_name="templates"
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("body"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self):
        return self.title

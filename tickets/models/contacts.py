"""Contact records: the center's calls and online sessions as the telephony and chat
systems report them, optionally linked to a ticket. `qa` samples and scores them,
`reports` counts them; both read them through `tickets.selectors_contacts`.

Rows are written only by `tickets.services.contacts.contacts_import` (bulk,
idempotent on `(source, external_id)`); the chat figures (first response, average
response) are derived from the messages once, at import, and stored on the record so
that a month's figures are one aggregate over one table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .customers import Customer
from .tickets import Ticket


class ContactKind(models.TextChoices):
    CALL = "call", _("Call")
    CHAT = "chat", _("Online session")


class ContactChannel(models.TextChoices):
    """The channels contact records come from (a subset of the ticket channels)."""

    HOTLINE = "hotline", _("400 hotline")
    WEBCHAT = "webchat", _("Webchat")
    WECHAT = "wechat", _("WeChat")


CHANNEL_KIND = {ContactChannel.HOTLINE: ContactKind.CALL, ContactChannel.WEBCHAT: ContactKind.CHAT,
                ContactChannel.WECHAT: ContactKind.CHAT}


class ContactRecord(models.Model):
    # Which system sent it ("avaya", "webchat", …) and its id there: unique together,
    # so a re-sent batch changes nothing.
    source = models.CharField(_("source"), max_length=30)
    external_id = models.CharField(_("external id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    queue = models.CharField(_("queue"), max_length=50, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="contact_records", db_constraint=False,  # resolved by the import service
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="contact_records", db_constraint=False,  # resolved by the import service
    )
    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="contact_records", db_constraint=False,  # resolved by the import service
    )
    visitor = models.CharField(_("visitor"), max_length=64, blank=True)
    # Call: offered to the queue / answered by an agent / ended. Chat: session
    # requested / accepted by an agent / closed. Not answered = abandoned.
    offered_at = models.DateTimeField(_("offered at"))
    # The local (center time zone) day and minute of the day of `offered_at`, stored at
    # import so that the figures group by plain columns instead of converting zones.
    offered_day = models.DateField(_("offered on (local day)"), editable=False)
    offered_minute = models.PositiveSmallIntegerField(_("offered at (local minute of the day)"), editable=False)
    answered_at = models.DateTimeField(pgettext_lazy("contact records", "answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    wait_seconds = models.PositiveIntegerField(_("wait (s)"), default=0)
    talk_seconds = models.PositiveIntegerField(_("talk (s)"), default=0)
    wrap_seconds = models.PositiveIntegerField(_("wrap-up (s)"), default=0)
    # Online sessions: first agent answer after the visitor's first message, and the
    # sum and count of agent answer delays (average response = sum / count).
    first_response_seconds = models.PositiveIntegerField(_("first response (s)"), null=True, blank=True)
    response_seconds_total = models.PositiveIntegerField(_("response time total (s)"), default=0)
    response_count = models.PositiveIntegerField(_("responses"), default=0)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True, blank=True)
    recording_ref = models.CharField(_("recording"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        ordering = ["-offered_at", "-id"]
        verbose_name = _("contact record")
        verbose_name_plural = _("contact records")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="contact_source_external_uniq"),
        ]
        indexes = [
            models.Index(fields=["offered_at"], name="contact_offered_idx"),
            models.Index(fields=["agent", "offered_at"], name="contact_agent_offered_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.source}:{self.external_id}"

    @staticmethod
    def local_fields(offered_at) -> dict:
        """`offered_day` and `offered_minute` of an instant (for rows made without the
        import service, e.g. in tests)."""
        from zoneinfo import ZoneInfo

        from django.conf import settings as conf

        local = offered_at.astimezone(ZoneInfo(conf.TIME_ZONE))
        return {"offered_day": local.date(), "offered_minute": local.hour * 60 + local.minute}

    @property
    def abandoned(self) -> bool:
        return self.answered_at is None

    @property
    def handle_seconds(self) -> int:
        return self.talk_seconds + self.wrap_seconds


class ContactMessage(models.Model):
    """One message of an online session (the transcript QA reads beside the form)."""

    class Side(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        AGENT = "agent", _("Agent")
        SYSTEM = "system", _("System")

    contact = models.ForeignKey(
        ContactRecord, verbose_name=_("contact record"), on_delete=models.CASCADE, related_name="messages",
        db_constraint=False,
    )
    seq = models.PositiveIntegerField(_("number"))
    at = models.DateTimeField(_("at"))
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["contact", "seq"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        constraints = [models.UniqueConstraint(fields=["contact", "seq"], name="contact_message_seq_uniq")]

    def __str__(self):
        return f"{self.contact_id}#{self.seq} {self.side}"

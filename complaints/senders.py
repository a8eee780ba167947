"""How outbound messages leave: e-mail through Django's mail backend; SMS and WeChat
through a sender class named in settings (`COMPLAINTS_SMS_SENDER`,
`COMPLAINTS_WECHAT_SENDER`, dotted paths). The default sender writes to the log, so
a real gateway plugs in by settings alone. A sender raises on failure; the outbox
retries."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

log = logging.getLogger("complaints.outbox")


class LogSender:
    """Writes the message to the log instead of a gateway."""

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        log.info("outbound message to %s: %s %s", recipient, subject, body)


class EmailSender:
    def send(self, *, recipient: str, subject: str, body: str) -> None:
        send_mail(subject or body[:60], body, settings.DEFAULT_FROM_EMAIL, [recipient])


_DEFAULTS = {
    "sms": "complaints.senders.LogSender",
    "wechat": "complaints.senders.LogSender",
    "email": "complaints.senders.EmailSender",
}


def sender_for(channel: str):
    path = getattr(settings, f"COMPLAINTS_{channel.upper()}_SENDER", None) or _DEFAULTS[channel]
    return import_string(path)()

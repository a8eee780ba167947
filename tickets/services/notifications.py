import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Notification

log = logging.getLogger(__name__)


def notification_send(
    *, recipient, key: str, subject: str, body: str = "", url: str = "", ticket=None, urgent=False,
    now=None, deliver_after=None,
) -> Notification | None:
    """Queue an in-app notification (and its e-mail). Idempotent per (recipient, key):
    sending the same notice twice leaves one row. Returns None when it existed."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient,
                key=key[:120],
                subject=subject[:200],
                body=body,
                url=url,
                ticket=ticket,
                urgent=urgent,
                created_at=now,
                deliver_after=deliver_after or now,
            )
    except IntegrityError:
        return None


def notification_mark_read(*, user, notification_ids=None, now=None) -> int:
    now = now or timezone.now()
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True, deliver_after__lte=now)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=now)


def notifications_dispatch(*, now=None, batch: int = 200) -> int:
    """E-mail the notifications whose delivery time has come. Each row is claimed by a
    guarded update, so two workers never send the same mail."""
    now = now or timezone.now()
    sent = 0
    due = list(
        Notification.objects.filter(emailed_at__isnull=True, deliver_after__lte=now)
        .select_related("recipient")
        .order_by("deliver_after")[:batch]
    )
    for notification in due:
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now)
        if not claimed or not notification.recipient.email:
            continue
        try:
            send_mail(
                notification.subject,
                f"{notification.body}\n\n{notification.url}".strip(),
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient.email],
            )
            sent += 1
        except Exception:  # noqa: BLE001 - a mail failure must not stop the batch
            log.exception("could not e-mail notification %s", notification.pk)
    return sent

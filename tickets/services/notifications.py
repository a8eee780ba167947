import json
import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
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


# One notice for `notifications_create_bulk`: (recipient id, ticket id or None, key,
# subject, body, url, urgent, deliver_after).
NotificationRow = tuple


def notifications_create_bulk(rows=(), *, now, rows_json: str | None = None) -> int:
    """The set-based entry: insert many notices at once, idempotent per (recipient,
    key) like `notification_send` — a row whose key the recipient already has (or
    that repeats one earlier in `rows`) is left out. Returns how many were inserted.
    Producers of thousands of notices at once (the SLA sweep) use this, never raw
    inserts. Runs in the caller's transaction.

    `rows_json` (PostgreSQL): the same rows as a JSON array of arrays, as a producer
    that builds them in SQL returns them (no Python objects per row on the way)."""
    if connection.vendor == "postgresql":
        if rows_json is None:
            rows = [[r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", bool(r[6]), (r[7] or now).isoformat()]
                    for r in rows]
            if not rows:
                return 0
            rows_json = json.dumps(rows, ensure_ascii=False)
        table = Notification._meta.db_table
        with connection.cursor() as cur:
            # One statement whatever the size; one JSON parameter (arrays of 10,000
            # timestamps as parameters cost more than the insert itself).
            cur.execute(
                f"INSERT INTO {table} (recipient_id, ticket_id, key, subject, body, url, urgent, deliver_after, "  # noqa: S608
                "created_at) SELECT (e->>0)::int, (e->>1)::bigint, left(e->>2, 120), left(e->>3, 200), "
                "coalesce(e->>4, ''), coalesce(e->>5, ''), coalesce((e->>6)::bool, false), "
                "coalesce((e->>7)::timestamptz, %s), %s FROM jsonb_array_elements(%s::jsonb) e "
                "ON CONFLICT (recipient_id, key) DO NOTHING",
                [now, now, rows_json],
            )
            return cur.rowcount
    if rows_json is not None:
        rows = [(*r[:7], datetime.fromisoformat(r[7]) if r[7] else None) for r in json.loads(rows_json)]
    rows = [(r[0], r[1], r[2][:120], r[3][:200], r[4] or "", r[5] or "", bool(r[6]), r[7] or now) for r in rows]
    keys = {r[2] for r in rows}
    seen = set(Notification.objects.filter(key__in=keys).values_list("recipient_id", "key")) if keys else set()
    fresh = []
    for row in rows:
        if (row[0], row[2]) not in seen:
            seen.add((row[0], row[2]))
            fresh.append(Notification(recipient_id=row[0], ticket_id=row[1], key=row[2], subject=row[3], body=row[4],
                                      url=row[5], urgent=row[6], deliver_after=row[7], created_at=now))
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=2000)
    return len(fresh)


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

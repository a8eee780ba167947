"""Intake of contact records from the telephony and chat systems.

`contacts_import` is the one entry point: the bulk API, the CSV/XLSX upload, the demo
loader and the benchmark all call it. It validates every row (all errors are reported
row by row, at most MAX_REPORTED_ERRORS of them), and writes inside one transaction,
so a batch with any bad row writes nothing. It is idempotent: `(source, external_id)`
is unique and an existing record is left as it is, so a re-sent batch changes nothing.

On PostgreSQL the new rows of each chunk are found by key and go straight in with
`COPY` (a concurrent import meeting the same keys falls back to a temporary table and
`INSERT … ON CONFLICT DO NOTHING`); elsewhere through `bulk_create`.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from ..models import ContactMessage, ContactRecord, Customer, Ticket
from ..models.contacts import CHANNEL_KIND
from ..models.org import Role
from ..permissions import is_admin, role_of
from .contacts_copy import DB_COLUMNS, copy_new_rows, existing_keys

MAX_REPORTED_ERRORS = 1000
CHUNK = 20_000
# Columns of a flat row (CSV/XLSX header, or `columns` of the compact API form).
COLUMNS = (
    "source", "external_id", "channel", "queue", "agent", "customer_phone", "ticket", "visitor",
    "offered_at", "answered_at", "ended_at", "wait_seconds", "talk_seconds", "wrap_seconds",
    "satisfaction", "recording_ref",
)
_TEXT_LIMITS = {"source": 30, "external_id": 64, "queue": 50, "visitor": 64, "recording_ref": 200}
_SIDES = {c.value for c in ContactMessage.Side}
_MAX_SECONDS = 7 * 86400
_MAX_OFFSET = timedelta(hours=14)


@dataclass
class ImportResult:
    received: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0

    def as_dict(self) -> dict:
        return {"received": self.received, "created": self.created, "unchanged": self.unchanged}


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def can_import_contacts(user) -> bool:
    return is_admin(user) or role_of(user) in {Role.SERVICE_MANAGER, Role.QA_SPECIALIST}


def chat_response_times(messages: list[tuple[datetime, str]]) -> tuple[int | None, int, int]:
    """(first response seconds, total response seconds, responses) of a session's
    (at, side) messages in order: each agent message answering one or more visitor
    messages counts once, timed from the first unanswered visitor message."""
    first, total, count = None, 0, 0
    waiting_since = None
    for at, side in messages:
        if side == "visitor":
            if waiting_since is None:
                waiting_since = at
        elif side == "agent" and waiting_since is not None:
            delay = max(0, int((at - waiting_since).total_seconds()))
            if first is None:
                first = delay
            total += delay
            count += 1
            waiting_since = None
    return first, total, count


class _Validator:
    """Turns raw rows (dicts of strings, numbers, datetimes) into clean tuples.
    Reference look-ups (agents, customers, tickets) are batched per chunk.

    Hot path (a million rows must take seconds): local variables, no per-field
    method calls for the common case. A local time without an offset that is already
    in canonical ISO form (`YYYY-MM-DD HH:MM[:SS[.ffffff]]`) is kept as text: the
    PostgreSQL writer reads it in the center's zone (`contacts_copy`), the portable
    writer attaches the zone (`_aware`). Every other time becomes an aware
    datetime."""

    def __init__(self, default_source: str | None):
        self.default_source = default_source
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.agents: dict[str, int | None] = {}
        self.customers: dict[str, int | None] = {}
        self.tickets: dict[str, int | None] = {}
        self.seen: set[tuple[str, str]] = set()

    def text(self, row, column, required=False) -> str:
        value = row.get(column)
        if value is None:
            value = ""
        elif value.__class__ is not str:
            value = str(value)
        value = value.strip()
        if not value:
            if required:
                raise RowError(column, _("This field is required."))
            return value
        limit = _TEXT_LIMITS.get(column)
        if limit and len(value) > limit:
            raise RowError(column, _("At most %(n)s characters.") % {"n": limit})
        if "\x00" in value:
            raise RowError(column, _("Contains a NUL character."))
        return value

    def when(self, value, column, required=False):
        """(value for the writer, datetime for comparisons) — or (None, None)."""
        if value is None or value == "":
            if required:
                raise RowError(column, _("This field is required."))
            return None, None
        if value.__class__ is str:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                raise RowError(column, _("Not a date and time (use ISO 8601, e.g. 2026-11-02 09:30:00).")) from None
            # Canonical local ISO (16 or 19 characters, "-" and " "/"T" where ISO puts
            # them): PostgreSQL reads it exactly as fromisoformat did.
            if (parsed.tzinfo is None and (len(value) == 19 or len(value) == 16) and value[4] == "-"
                    and value[10] in " T" and 2000 <= parsed.year <= 2100):
                return value, parsed
        elif isinstance(value, datetime):
            parsed = value
        else:
            raise RowError(column, _("Not a date and time (use ISO 8601, e.g. 2026-11-02 09:30:00)."))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self.tz)
        elif abs(parsed.utcoffset()) > _MAX_OFFSET:
            raise RowError(column, _("A time zone offset is at most ±14:00."))
        if not 2000 <= parsed.year <= 2100:
            raise RowError(column, _("The year must be between 2000 and 2100."))
        return parsed, parsed

    def seconds(self, value, column) -> int:
        if value is None or value == "":
            return 0
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            raise RowError(column, _("Not a whole number of seconds.")) from None
        if not 0 <= number <= _MAX_SECONDS or value.__class__ is float or value.__class__ is bool:
            raise RowError(column, _("Must be between 0 and %(max)s.") % {"max": _MAX_SECONDS})
        return number

    def prefetch(self, rows: list[dict]) -> None:
        from django.contrib.auth import get_user_model

        def wanted(key, known):
            values = {r.get(key) for r in rows}
            return {str(v).strip() for v in values if v} - set(known) - {""}

        names = wanted("agent", self.agents)
        if names:
            found = dict(get_user_model().objects.filter(username__in=names).values_list("username", "id"))
            self.agents.update({n: found.get(n) for n in names})
        phones = wanted("customer_phone", self.customers)
        if phones:
            found = {}
            for phone, pk in Customer.objects.filter(phone__in=phones).order_by("-id").values_list("phone", "id"):
                found[phone] = pk  # the oldest customer with that phone wins
            self.customers.update({p: found.get(p) for p in phones})
        numbers = wanted("ticket", self.tickets)
        if numbers:
            found = dict(Ticket.objects.filter(number__in=numbers).values_list("number", "id"))
            self.tickets.update({n: found.get(n) for n in numbers})

    @staticmethod
    def _compare(a: datetime, b: datetime) -> bool:
        """a < b, also when one of them is naive local time."""
        if (a.tzinfo is None) != (b.tzinfo is None):
            zone = ZoneInfo(settings.TIME_ZONE)
            a = a if a.tzinfo else a.replace(tzinfo=zone)
            b = b if b.tzinfo else b.replace(tzinfo=zone)
        return a < b

    def row(self, row: dict) -> tuple:
        if row.__class__ is not dict:
            raise RowError("", _("Each record must be an object."))
        text = self.text
        get = row.get
        source = text(row, "source") or (self.default_source or "")
        if not source:
            raise RowError("source", _("This field is required."))
        external_id = text(row, "external_id", required=True)
        key = (source, external_id)
        if key in self.seen:
            raise RowError("external_id", _("Repeated in this batch."))
        channel = get("channel")
        kind = CHANNEL_KIND.get(channel.strip() if channel.__class__ is str else channel)
        if kind is None:
            raise RowError("channel", _("Unknown channel “%(value)s” (hotline, webchat, wechat).")
                           % {"value": channel})
        channel = channel.strip()
        offered, offered_at = self.when(get("offered_at"), "offered_at", required=True)
        answered, answered_at = self.when(get("answered_at"), "answered_at")
        ended, ended_at = self.when(get("ended_at"), "ended_at")
        if answered_at is not None and self._compare(answered_at, offered_at):
            raise RowError("answered_at", _("Answered before it was offered."))
        if ended_at is not None and self._compare(ended_at, answered_at or offered_at):
            raise RowError("ended_at", _("Ended before it started."))
        agent_id = customer_id = ticket_id = None
        agent = get("agent")
        if agent:
            agent_id = self.agents.get(agent if agent.__class__ is str else str(agent))
            if agent_id is None:
                agent_id = self.agents.get(str(agent).strip())
                if agent_id is None:
                    raise RowError("agent", _("Unknown agent “%(value)s”.") % {"value": agent})
        phone = get("customer_phone")
        if phone:
            customer_id = self.customers.get(str(phone).strip())
        number = get("ticket")
        if number:
            ticket_id = self.tickets.get(str(number).strip())
            if ticket_id is None:
                raise RowError("ticket", _("Unknown ticket “%(value)s”.") % {"value": number})
        satisfaction = get("satisfaction")
        if satisfaction is None or satisfaction == "":
            satisfaction = None
        else:
            try:
                satisfaction = int(satisfaction)
            except (TypeError, ValueError, OverflowError):
                satisfaction = 0
            if not 1 <= satisfaction <= 5:
                raise RowError("satisfaction", _("Satisfaction is 1 to 5 (or empty)."))
        seconds = self.seconds
        wait = seconds(get("wait_seconds"), "wait_seconds")
        talk = seconds(get("talk_seconds"), "talk_seconds")
        wrap = seconds(get("wrap_seconds"), "wrap_seconds")
        raw_messages = get("messages")
        messages = self.messages(raw_messages, kind) if raw_messages else []
        first, total, count = chat_response_times([(m[0], m[1]) for m in messages]) if messages else (None, 0, 0)
        queue = text(row, "queue") if get("queue") else ""
        visitor = text(row, "visitor") if get("visitor") else ""
        recording = text(row, "recording_ref") if get("recording_ref") else ""
        if offered.__class__ is str:  # local time as text: its day and minute are in it
            day, minute = offered[:10], int(offered[11:13]) * 60 + int(offered[14:16])
        else:
            local = offered_at.astimezone(self.tz)
            day, minute = local.date(), local.hour * 60 + local.minute
        self.seen.add(key)
        return (
            source, external_id, kind, channel, queue, agent_id, customer_id, ticket_id, visitor, offered,
            answered, ended, wait, talk, wrap, first, total, count, satisfaction, recording, day, minute,
        ), messages

    def messages(self, raw, kind) -> list[tuple]:
        if raw in (None, "", []):
            return []
        if kind != "chat":
            raise RowError("messages", _("Only online sessions have messages."))
        if not isinstance(raw, list) or len(raw) > 2000:
            raise RowError("messages", _("Messages must be a list (at most 2000)."))
        out = []
        for message in raw:
            if not isinstance(message, dict):
                raise RowError("messages", _("Each message must be an object."))
            _value, at = self.when(message.get("at"), "messages", required=True)
            if at.tzinfo is None:
                at = at.replace(tzinfo=self.tz)
            side = str(message.get("side") or "")
            if side not in _SIDES:
                raise RowError("messages", _("A message's side is visitor, agent or system."))
            text = str(message.get("text") or "")
            if "\x00" in text or len(text) > 10_000:
                raise RowError("messages", _("A message's text is too long or holds a NUL character."))
            out.append((at, side, text))
        out.sort(key=lambda m: m[0])
        return out


def _chunks(rows: Iterable[dict]) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _aware(value, zone):
    """A writer-side time (local ISO text or aware datetime) as an aware datetime."""
    if value is None or value.__class__ is not str:
        return value
    return datetime.fromisoformat(value).replace(tzinfo=zone)


def _write_pg(clean: list[tuple], messages: dict, now) -> int:
    """The chunk's new rows by `COPY` (`contacts_copy.copy_new_rows`), then its messages."""
    with connection.cursor() as cursor:
        created, existing = copy_new_rows(cursor, clean, now)
        if messages:
            table = ContactRecord._meta.db_table
            ids = existing_keys(cursor, table, [k for k in messages if k not in existing])
            _write_messages(ids, {k: v for k, v in messages.items() if k not in existing})
    return created


def _write_portable(clean: list[tuple], messages: dict, now) -> int:
    by_source: dict[str, list[str]] = {}
    for row in clean:
        by_source.setdefault(row[0], []).append(row[1])
    existing = set()
    for source, ids in by_source.items():
        for start in range(0, len(ids), 900):
            existing.update(
                (source, e) for e in ContactRecord.objects.filter(
                    source=source, external_id__in=ids[start:start + 900]).values_list("external_id", flat=True)
            )
    fields = [c for c in DB_COLUMNS if c != "imported_at"]
    zone = ZoneInfo(settings.TIME_ZONE)
    new = []
    for row in clean:
        if (row[0], row[1]) in existing:
            continue
        values = dict(zip(fields, row, strict=True))
        for name in ("offered_at", "answered_at", "ended_at"):
            values[name] = _aware(values[name], zone)
        new.append(ContactRecord(**values, imported_at=now))
    ContactRecord.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if messages:
        keys = [k for k in messages if k not in existing]
        ids = {}
        for source in {k[0] for k in keys}:
            wanted = [k[1] for k in keys if k[0] == source]
            for start in range(0, len(wanted), 900):
                ids.update(((source, e), pk) for e, pk in ContactRecord.objects.filter(
                    source=source, external_id__in=wanted[start:start + 900]).values_list("external_id", "id"))
        _write_messages(ids, {k: messages[k] for k in keys})
    return len(new)


def _write_messages(ids: dict, messages: dict) -> None:
    rows = [
        ContactMessage(contact_id=ids[key], seq=seq, at=at, side=side, text=text)
        for key, items in messages.items() if key in ids
        for seq, (at, side, text) in enumerate(items, start=1)
    ]
    ContactMessage.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


@transaction.atomic
def contacts_import(*, rows: Iterable[dict], actor, source: str | None = None, now=None,
                    system: bool = False) -> ImportResult:
    """Validate and store contact records. Raises DomainError (400, code
    `invalid_rows`, with `errors`: [{row, column, message}], rows numbered from 1)
    when any row is bad — then nothing is written."""
    now = now or timezone.now()
    if not system and not can_import_contacts(actor):
        raise DomainError(_("Only QA specialists, service managers and administrators can import contact records."),
                          code="forbidden", status=403)
    result = ImportResult()
    validator = _Validator(source)
    write = _write_pg if connection.vendor == "postgresql" else _write_portable
    number = 0
    for chunk in _chunks(rows):
        validator.prefetch([r for r in chunk if isinstance(r, dict)])
        clean, messages = [], {}
        for raw in chunk:
            number += 1
            try:
                row, row_messages = validator.row(raw)
            except RowError as exc:
                result.error_count += 1
                if len(result.errors) < MAX_REPORTED_ERRORS:
                    result.errors.append({"row": number, "column": exc.column, "message": exc.message})
                continue
            if result.error_count:
                continue  # keep validating to report every bad row, write nothing more
            clean.append(row)
            if row_messages:
                messages[(row[0], row[1])] = row_messages
        result.received = number
        if clean and not result.error_count:
            result.created += write(clean, messages, now)
    if result.error_count:
        raise DomainError(
            _("%(count)s of %(total)s rows are invalid; nothing was imported.")
            % {"count": result.error_count, "total": number},
            code="invalid_rows", errors=result.errors, error_count=result.error_count,
        )
    result.unchanged = result.received - result.created
    return result

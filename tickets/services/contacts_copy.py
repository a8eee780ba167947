"""The PostgreSQL writer of `contacts_import`: contact records go in with `COPY`
(text format, one line per record), new keys only; a concurrent import meeting the
same keys falls back to a temporary table and `INSERT … ON CONFLICT DO NOTHING`."""

import re
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from ..models import ContactRecord

# The table's columns in the order of a clean row (tickets.services.contacts._Validator).
DB_COLUMNS = (
    "source", "external_id", "kind", "channel", "queue", "agent_id", "customer_id", "ticket_id", "visitor",
    "offered_at", "answered_at", "ended_at", "wait_seconds", "talk_seconds", "wrap_seconds",
    "first_response_seconds", "response_seconds_total", "response_count", "satisfaction", "recording_ref",
    "offered_day", "offered_minute", "imported_at",
)
_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_N = "\\N"
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")


def copy_new_rows(cursor, clean: list[tuple], now) -> tuple[int, dict]:
    """Look the chunk's keys up, COPY the new rows straight into the table (the bulk
    path: as fast as a bare COPY). If a concurrent import stored some of them in the
    meantime, the unique key refuses the COPY: then the chunk goes through a
    temporary table and `INSERT … ON CONFLICT DO NOTHING` instead. Returns the rows
    written and the keys that were already there."""
    from psycopg import IntegrityError as PgIntegrityError

    table = ContactRecord._meta.db_table
    columns = ", ".join(DB_COLUMNS)
    existing = existing_keys(cursor, table, ((row[0], row[1]) for row in clean))
    fresh = [row for row in clean if (row[0], row[1]) not in existing] if existing else clean
    if not fresh:
        return 0, existing
    try:
        with transaction.atomic(savepoint=True):
            # Local times without an offset are read in the center's zone (see _Validator).
            _set_local_zone(cursor, settings.TIME_ZONE)
            copy_in(cursor, f"COPY {table} ({columns}) FROM STDIN", _copy_text(fresh, now))
            _set_local_zone(cursor, "UTC")
        return len(fresh), existing
    except (IntegrityError, PgIntegrityError):  # COPY raises psycopg's own error
        return _merge_pg(cursor, table, columns, fresh, now), existing


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    cls = value.__class__
    if cls is str:
        return value.translate(_COPY_ESCAPE) if _NEEDS_ESCAPE.search(value) else value
    if cls is int:
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _copy_line(row: tuple, stamp: str) -> str:
    """One COPY text line of a clean row (the columns of DB_COLUMNS), specialised:
    this runs a million times per million rows."""
    (source, external_id, kind, channel, queue, agent_id, customer_id, ticket_id, visitor, offered, answered, ended,
     wait, talk, wrap, first, total, count, satisfaction, recording, day, minute) = row
    if _NEEDS_ESCAPE.search(f"{source}{external_id}{queue}{visitor}{recording}"):
        return "\t".join(map(copy_value, row)) + "\t" + stamp + "\n"
    return (f"{source}\t{external_id}\t{kind}\t{channel}\t{queue}\t"
            f"{_N if agent_id is None else agent_id}\t{_N if customer_id is None else customer_id}\t"
            f"{_N if ticket_id is None else ticket_id}\t{visitor}\t"
            f"{offered if offered.__class__ is str else offered.isoformat()}\t"
            f"{_N if answered is None else answered if answered.__class__ is str else answered.isoformat()}\t"
            f"{_N if ended is None else ended if ended.__class__ is str else ended.isoformat()}\t"
            f"{wait}\t{talk}\t{wrap}\t{_N if first is None else first}\t{total}\t{count}\t"
            f"{_N if satisfaction is None else satisfaction}\t{recording}\t{day}\t{minute}\t{stamp}\n")


def _copy_text(rows: list[tuple], now) -> str:
    stamp = now.isoformat()
    return "".join([_copy_line(row, stamp) for row in rows])


def copy_in(cursor, sql: str, text: str) -> None:
    """`COPY … FROM STDIN` of tab-separated `text` on a Django cursor (psycopg 3)."""
    with cursor.copy(sql) as copy:
        copy.write(text)


def _set_local_zone(cursor, zone: str) -> None:
    # SET takes no bound parameter; set_config(…, is_local) is the same for the transaction.
    cursor.execute("SELECT set_config('TimeZone', %s, true)", [zone])


def existing_keys(cursor, table: str, keys) -> dict[tuple[str, str], int]:
    """{(source, external_id): id} of the keys already stored (index look-ups)."""
    by_source: dict[str, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    found = {}
    for source, ids in by_source.items():
        # One index probe per key (LATERAL … LIMIT 1 keeps the planner from a hash join
        # over the whole table, which it prefers for a long key list).
        cursor.execute(f"SELECT k.eid, t.id FROM unnest(%s::text[]) AS k(eid) CROSS JOIN LATERAL "
                       f"(SELECT id FROM {table} WHERE source = %s AND external_id = k.eid LIMIT 1) t",
                       [ids, source])
        found.update(((source, e), pk) for e, pk in cursor.fetchall())
    return found


def _merge_pg(cursor, table, columns, rows, now) -> int:
    """The conflict-proof path: COPY into a temporary table, one INSERT … ON CONFLICT."""
    _set_local_zone(cursor, "UTC")
    cursor.execute("SELECT to_regclass('pg_temp.contact_intake')")
    if cursor.fetchone()[0] is None:
        # Column types only (no constraints, no identity): the checks are the INSERT's.
        cursor.execute(f"CREATE TEMP TABLE contact_intake ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA")
    else:
        cursor.execute("TRUNCATE contact_intake")
    _set_local_zone(cursor, settings.TIME_ZONE)
    copy_in(cursor, f"COPY contact_intake ({columns}) FROM STDIN", _copy_text(rows, now))
    _set_local_zone(cursor, "UTC")
    cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM contact_intake "
                   f"ON CONFLICT (source, external_id) DO NOTHING")
    return cursor.rowcount

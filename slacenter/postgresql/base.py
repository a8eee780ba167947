"""Django's PostgreSQL backend (psycopg 3), with query results in PostgreSQL's binary
format (settings: `ENGINE = "slacenter.postgresql"`).

Why: in the text format every timestamp is parsed by a Python loader (Django's
time-zone loader subclasses psycopg's Python one), which cost a 50-ticket list page
0.76 ms to read its rows; the binary loaders are psycopg's C ones (0.04 ms).
Parameters are bound by the server either way (`server_side_binding`).

What Django expects as text is kept text: `jsonb` arrives as its JSON text (JSONField
decodes it itself, as Django's own text loader arranges) and `inet`/`cidr` as text.
Named (server-side) cursors, used by `QuerySet.iterator()`, stay in the text format.
"""

from django.db.backends.postgresql import base
from psycopg import adapt, errors
from psycopg.pq import Format
from psycopg.types.net import CidrBinaryLoader, InetBinaryLoader


class BinaryResultCursor(base.ServerBindingCursor):
    """Binary results for a statement with parameters (every ORM query that filters).
    One without runs as psycopg runs it by default, in the simple protocol, which allows
    several statements in one string (migrations, `SET LOCAL a; SET LOCAL b`)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if binary is None:
            binary = bool(params)
        return super().execute(query, params, prepare=prepare, binary=binary)


class JsonbTextBinaryLoader(adapt.Loader):
    """A binary `jsonb` value as its JSON text: a version byte (1), then the text."""

    format = Format.BINARY

    def load(self, data):
        data = bytes(data)
        if data[:1] != b"\x01":
            raise errors.DataError(f"unknown jsonb binary format: {data[:1]!r}")
        return data[1:].decode()


class InetTextBinaryLoader(InetBinaryLoader):
    def load(self, data):
        return str(super().load(data))


class CidrTextBinaryLoader(CidrBinaryLoader):
    def load(self, data):
        return str(super().load(data))


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if self.settings_dict["OPTIONS"].get("server_side_binding") is True:
            params["cursor_factory"] = BinaryResultCursor
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        adapters = connection.adapters
        adapters.register_loader("jsonb", JsonbTextBinaryLoader)
        adapters.register_loader("inet", InetTextBinaryLoader)
        adapters.register_loader("cidr", CidrTextBinaryLoader)
        return connection

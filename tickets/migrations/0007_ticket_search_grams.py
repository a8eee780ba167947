"""Ticket search that stays fast at a million tickets, Chinese included (issue 12).

PostgreSQL only (SQLite migrates to nothing and searches with plain LIKE): a GIN index
over the two-character pieces ("bigrams") of a ticket's number, title and description,
upper-cased. `tickets.search.TicketGramsContain` asks it for the tickets holding every
bigram of the search term; the icontains conditions then decide, so results are exactly
those of LIKE '%term%'.

Why not pg_trgm: under this database's C.UTF-8 ctype pg_trgm does treat CJK as word
characters (show_trgm('退款') has trigrams), but it extracts trigrams from a LIKE
pattern only out of three or more characters: for '%退款%' — the usual Chinese search
word is two characters — a trigram GIN index answers every row (100 % rechecked, slower
than no index). Bigrams serve two-character words and longer terms alike.

The functions use only pg_catalog and are IMMUTABLE, as an expression index requires.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION tickets_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(u, i, 2)), '{}')
    FROM (SELECT upper(value) AS u) AS s, generate_series(1, length(u) - 1) AS i
$$;
CREATE OR REPLACE FUNCTION tickets_ticket_grams(number text, title text, description text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(u, i, 2)), '{}')
    FROM (SELECT upper(coalesce(number, '') || ' ' || coalesce(title, '') || ' ' || coalesce(description, '')) AS u)
         AS s, generate_series(1, length(u) - 1) AS i
$$;
CREATE INDEX IF NOT EXISTS ticket_search_grams_idx ON tickets_ticket
    USING gin (tickets_ticket_grams(number, title, description));
"""

BACKWARD = r"""
DROP INDEX IF EXISTS ticket_search_grams_idx;
DROP FUNCTION IF EXISTS tickets_ticket_grams(text, text, text);
DROP FUNCTION IF EXISTS tickets_grams(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0006_transfer_answer_rating"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]

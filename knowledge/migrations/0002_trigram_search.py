"""pg_trgm for the knowledge search on PostgreSQL (Chinese has no spaces, so a
full-text parser does badly; trigrams work on CJK): the extension (CREATE EXTENSION
IF NOT EXISTS, needs a superuser or a trusted extension) and GIN trigram indexes on
the title and the body. Nothing happens on other databases (the search falls back to
term matching there, see knowledge.selectors)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "knowledge_article_title_trgm": "title",
    "knowledge_article_body_trgm": "body",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON knowledge_article USING gin ({column} gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]

"""The planner must know that computing a ticket's bigrams is expensive (about 0.1 ms a
row: the whole description split into pieces), or on a table of a few thousand rows it
scans and computes them for every row instead of reading the index of 0007 — a searched
agent list took 800 ms at 5,000 tickets (bench/api.py, base phase) and 82 ms for an
administrator at 1,100 (9 ms with this cost). PostgreSQL only."""

from django.db import migrations

COST = 100000  # × cpu_operator_cost: the order of a heap page read per row


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER FUNCTION tickets_ticket_grams(text, text, text) COST {COST}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION tickets_ticket_grams(text, text, text) COST 100")


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0008_ticket_customer_vip"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]

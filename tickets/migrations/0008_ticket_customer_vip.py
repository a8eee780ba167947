"""Tickets carry their customer's VIP tier (issue 12): the work queues' VIP-first order
comes from a partial index over the open tickets instead of a sort of every open ticket
joined to its customer. Existing tickets are filled from their customers."""

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    Ticket.objects.filter(customer__tier="vip").update(customer_vip=True)


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0007_ticket_search_grams'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='ticket',
            name='customer_vip',
            field=models.BooleanField(db_default=False, default=False, editable=False, verbose_name='VIP customer'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(
                condition=models.Q(("status__in", ["new", "in_progress", "waiting_customer", "waiting_department"])),
                fields=["-customer_vip", "-created_at", "-id"],
                name="ticket_open_vip_idx",
            ),
        ),
        # After the index: an index built after updating rows in its own transaction is
        # unusable (pg_index.indcheckxmin) until every older snapshot is gone.
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]

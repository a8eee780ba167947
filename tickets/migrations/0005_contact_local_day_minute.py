"""Contact records keep the local day and minute of the day they were offered (the
figures group by them). Existing rows are filled in from `offered_at`."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    ContactRecord = apps.get_model("tickets", "ContactRecord")
    zone = ZoneInfo(settings.TIME_ZONE)
    batch = []
    for record in ContactRecord.objects.only("id", "offered_at").iterator(chunk_size=2000):
        local = record.offered_at.astimezone(zone)
        record.offered_day, record.offered_minute = local.date(), local.hour * 60 + local.minute
        batch.append(record)
        if len(batch) >= 2000:
            ContactRecord.objects.bulk_update(batch, ["offered_day", "offered_minute"])
            batch = []
    if batch:
        ContactRecord.objects.bulk_update(batch, ["offered_day", "offered_minute"])


class Migration(migrations.Migration):

    dependencies = [
        ("tickets", "0004_contact_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactrecord",
            name="offered_day",
            field=models.DateField(editable=False, null=True, verbose_name="offered on (local day)"),
        ),
        migrations.AddField(
            model_name="contactrecord",
            name="offered_minute",
            field=models.PositiveSmallIntegerField(editable=False, null=True,
                                                   verbose_name="offered at (local minute of the day)"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contactrecord",
            name="offered_day",
            field=models.DateField(editable=False, verbose_name="offered on (local day)"),
        ),
        migrations.AlterField(
            model_name="contactrecord",
            name="offered_minute",
            field=models.PositiveSmallIntegerField(editable=False, verbose_name="offered at (local minute of the day)"),
        ),
    ]

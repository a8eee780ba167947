from django.db import migrations, models


class Migration(migrations.Migration):
    """Penalty clauses may name a confirmed accountability finding (问责) as the violation."""

    dependencies = [
        ('sla', '0011_complaint_clock_metrics'),
    ]

    operations = [
        migrations.AlterField(
            model_name='penaltyclause',
            name='violation',
            field=models.CharField(choices=[
                ('missed_indicator', 'Missed indicator in a period'), ('breached_reply', 'Breached department reply'),
                ('major_incident', 'Major incident'), ('confirmed_finding', 'Confirmed accountability finding'),
                ('other', 'Other')], max_length=20, verbose_name='violation'),
        ),
    ]

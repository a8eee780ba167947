from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0005_improvement_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="recourse_told_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="further recourse told at"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="recourse_note",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="further recourse told"),
        ),
    ]

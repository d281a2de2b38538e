import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_detained_status_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcelink",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalsourcelink",
            name="updated_at",
            field=models.DateTimeField(
                blank=True, editable=False, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
    ]

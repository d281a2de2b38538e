"""An index for people in their list order (by name), which the API's people list walks,
probing each person for a published case (visibility.ExistsProbe) until the page is full."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0022_source_list_order'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['name', 'id'], name='person_name_order'),
        ),
    ]

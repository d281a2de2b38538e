"""A source's day kept with it: `Source.dated_on`, in the UTC offset it printed its time in.

Before, the day was computed in UTC wherever it was needed, so a statement
published at 21:45 −05:00 spoke for the next day. Sources stored before this
kept no offset (it was lost when their time was stored in UTC): their day is
taken in the registry's time zone, as it was; an import sets the offset.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone


def date_sources(apps, schema_editor):
    day = TruncDate(Coalesce("published_at", "updated_at"), tzinfo=timezone.get_default_timezone())
    for name in ("Source", "HistoricalSource"):
        apps.get_model("cases", name).objects.update(dated_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0027_case_search_walk"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsource",
            name="dated_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The day the source speaks for, where it was published: its publication, else its update when that is all the outlet prints.",
                null=True,
                verbose_name="dated",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="utc_offset",
            field=models.SmallIntegerField(
                blank=True,
                editable=False,
                help_text="Minutes east of UTC in the time the source printed (−300 for −05:00).",
                null=True,
                verbose_name="UTC offset",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="dated_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The day the source speaks for, where it was published: its publication, else its update when that is all the outlet prints.",
                null=True,
                verbose_name="dated",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="utc_offset",
            field=models.SmallIntegerField(
                blank=True,
                editable=False,
                help_text="Minutes east of UTC in the time the source printed (−300 for −05:00).",
                null=True,
                verbose_name="UTC offset",
            ),
        ),
        migrations.RunPython(date_sources, migrations.RunPython.noop),
    ]

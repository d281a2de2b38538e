"""Person.birth_year becomes a partial birth date: every known year kept at year precision.

The person's history is converted too, so its old versions still say when the
person was born. Reversing keeps the year of each date.
"""

import datetime

import django.core.validators
from django.db import migrations, models


def years_to_dates(apps, schema_editor):
    for name in ("Person", "HistoricalPerson"):
        model = apps.get_model("cases", name)
        for year in (
            model.objects.filter(birth_year__isnull=False)
            .values_list("birth_year", flat=True)
            .distinct()
        ):
            model.objects.filter(birth_year=year).update(
                birth_date=datetime.date(year, 1, 1), birth_date_precision="year"
            )


def dates_to_years(apps, schema_editor):
    for name in ("Person", "HistoricalPerson"):
        model = apps.get_model("cases", name)
        for birth_date in (
            model.objects.filter(birth_date__isnull=False)
            .values_list("birth_date", flat=True)
            .distinct()
        ):
            model.objects.filter(birth_date=birth_date).update(birth_year=birth_date.year)


BIRTH_DATE = models.DateField(
    blank=True,
    help_text="Often known only to the month or the year.",
    null=True,
    validators=[
        django.core.validators.MinValueValidator(
            datetime.date(1850, 1, 1), "A birth date is in 1850 or later."
        )
    ],
)
PRECISION = models.CharField(
    blank=True,
    choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
    help_text="How precisely the source gives birth date; empty when the date is unknown.",
    max_length=5,
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_status_change_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalperson",
            name="birth_date",
            field=BIRTH_DATE.clone(),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="birth_date_precision",
            field=PRECISION.clone(),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_date",
            field=BIRTH_DATE.clone(),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_date_precision",
            field=PRECISION.clone(),
        ),
        migrations.RunPython(years_to_dates, dates_to_years),
        migrations.RemoveField(model_name="historicalperson", name="birth_year"),
        migrations.RemoveField(model_name="person", name="birth_year"),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("birth_date__isnull", True), ("birth_date_precision", "")),
                    models.Q(
                        ("birth_date__isnull", False),
                        ("birth_date_precision__in", ["day", "month", "year"]),
                    ),
                    _connector="OR",
                ),
                name="person_birth_date_precision_valid",
            ),
        ),
    ]

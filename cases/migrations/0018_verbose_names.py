"""Translatable names for the models and fields (English unchanged): no SQL, only state."""

import datetime

import django.core.validators
import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_sqlite_list_order_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="actor",
            options={
                "ordering": ["name"],
                "verbose_name": "actor",
                "verbose_name_plural": "actors",
            },
        ),
        migrations.AlterModelOptions(
            name="case",
            options={
                "ordering": [
                    models.OrderBy(models.F("detained_on"), descending=True, nulls_last=True),
                    "-id",
                ],
                "permissions": [("publish_case", "Can publish cases (with REQUIRE_REVIEW on)")],
                "verbose_name": "case",
                "verbose_name_plural": "cases",
            },
        ),
        migrations.AlterModelOptions(
            name="caselist",
            options={
                "ordering": ["name"],
                "verbose_name": "case list",
                "verbose_name_plural": "case lists",
            },
        ),
        migrations.AlterModelOptions(
            name="charge",
            options={
                "ordering": [
                    "case_id",
                    models.OrderBy(models.F("charged_on"), nulls_last=True),
                    "id",
                ],
                "verbose_name": "charge",
                "verbose_name_plural": "charges",
            },
        ),
        migrations.AlterModelOptions(
            name="citation",
            options={
                "ordering": ["source_id", "start", "id"],
                "verbose_name": "citation",
                "verbose_name_plural": "citations",
            },
        ),
        migrations.AlterModelOptions(
            name="columnmapping",
            options={
                "ordering": ["name"],
                "verbose_name": "column mapping",
                "verbose_name_plural": "column mappings",
            },
        ),
        migrations.AlterModelOptions(
            name="event",
            options={
                "ordering": [
                    "case_id",
                    models.OrderBy(models.F("occurred_on"), nulls_last=True),
                    "id",
                ],
                "verbose_name": "event",
                "verbose_name_plural": "events",
            },
        ),
        migrations.AlterModelOptions(
            name="importlog",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "import log",
                "verbose_name_plural": "import logs",
            },
        ),
        migrations.AlterModelOptions(
            name="listentry",
            options={
                "ordering": ["case_list_id", "row", "id"],
                "verbose_name": "list entry",
                "verbose_name_plural": "list entries",
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["name"],
                "verbose_name": "person",
                "verbose_name_plural": "people",
            },
        ),
        migrations.AlterModelOptions(
            name="position",
            options={
                "ordering": [
                    "case_id",
                    models.OrderBy(models.F("stated_on"), nulls_last=True),
                    "id",
                ],
                "verbose_name": "position",
                "verbose_name_plural": "positions",
            },
        ),
        migrations.AlterModelOptions(
            name="source",
            options={
                "ordering": [
                    models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                    models.OrderBy(models.F("updated_at"), descending=True, nulls_last=True),
                    "title",
                ],
                "verbose_name": "source",
                "verbose_name_plural": "sources",
            },
        ),
        migrations.AlterModelOptions(
            name="sourcelink",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "source link",
                "verbose_name_plural": "source links",
            },
        ),
        migrations.AlterModelOptions(
            name="statuschange",
            options={
                "ordering": [
                    "case_id",
                    models.OrderBy(models.F("changed_on"), nulls_last=True),
                    "id",
                ],
                "verbose_name": "status change",
                "verbose_name_plural": "status changes",
            },
        ),
        migrations.AlterField(
            model_name="actor",
            name="country",
            field=django_countries.fields.CountryField(
                blank=True,
                help_text="The state the actor belongs to or speaks for.",
                max_length=2,
                verbose_name="country",
            ),
        ),
        migrations.AlterField(
            model_name="actor",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="actor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("state", "State"),
                    ("government_body", "Ministry or government body"),
                    ("court", "Court"),
                    ("official", "Official"),
                    ("organisation", "Organisation"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="actor",
            name="name",
            field=models.CharField(max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="actor",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="The body or state this actor is part of.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="members",
                to="cases.actor",
                verbose_name="parent",
            ),
        ),
        migrations.AlterField(
            model_name="actor",
            name="role",
            field=models.CharField(
                blank=True,
                help_text="For officials, the office held, e.g. US Secretary of State.",
                max_length=200,
                verbose_name="role",
            ),
        ),
        migrations.AlterField(
            model_name="actor",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="case",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                help_text="The editor working on the case.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_cases",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned to",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="case",
            name="detained_on",
            field=models.DateField(blank=True, null=True, verbose_name="detained on"),
        ),
        migrations.AlterField(
            model_name="case",
            name="detained_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives detained on; empty when the date is unknown.",
                max_length=5,
                verbose_name="detained on precision",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="detaining_country",
            field=django_countries.fields.CountryField(
                blank=True,
                help_text="The state holding the person.",
                max_length=2,
                verbose_name="detaining country",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="cases.person",
                verbose_name="person",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="place",
            field=models.CharField(
                blank=True,
                help_text="Where the person was detained or is held.",
                max_length=200,
                verbose_name="place",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="published",
            field=models.BooleanField(
                default=False,
                help_text="Drafts are visible only to editors and viewers.",
                verbose_name="published",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="released_on",
            field=models.DateField(blank=True, null=True, verbose_name="released on"),
        ),
        migrations.AlterField(
            model_name="case",
            name="released_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives released on; empty when the date is unknown.",
                max_length=5,
                verbose_name="released on precision",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="search_document",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Names, summary and charges as search keys; see cases.search.",
                verbose_name="search document",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="slug",
            field=models.SlugField(blank=True, max_length=80, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="case",
            name="status",
            field=models.CharField(
                choices=[
                    ("detained", "Detained"),
                    ("imprisoned", "Convicted and imprisoned"),
                    ("house_arrest", "Under house arrest"),
                    ("released", "Released"),
                    ("exchanged", "Released in an exchange"),
                    ("died_in_custody", "Died in custody"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="case",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="caselist",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="caselist",
            name="name",
            field=models.CharField(
                help_text="The list's URL when it has one, else the name of the file imported from it.",
                max_length=500,
                unique=True,
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="caselist",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="charge",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="charges",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="certainty",
            field=models.CharField(
                choices=[("reported", "Reported, not confirmed"), ("confirmed", "Confirmed")],
                default="confirmed",
                help_text="Reported: the source passes it on without confirming it. Confirmed: the source states it as fact.",
                max_length=10,
                verbose_name="certainty",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="charged_on",
            field=models.DateField(blank=True, null=True, verbose_name="charged on"),
        ),
        migrations.AlterField(
            model_name="charge",
            name="charged_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives charged on; empty when the date is unknown.",
                max_length=5,
                verbose_name="charged on precision",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="charge",
            name="decided_on",
            field=models.DateField(
                blank=True,
                help_text="Date of the verdict or dismissal.",
                null=True,
                verbose_name="decided on",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="decided_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives decided on; empty when the date is unknown.",
                max_length=5,
                verbose_name="decided on precision",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="description",
            field=models.CharField(
                help_text="What the person is accused of, e.g. espionage.",
                max_length=300,
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("convicted", "Convicted"),
                    ("acquitted", "Acquitted"),
                    ("dropped", "Dropped"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="sentence",
            field=models.CharField(
                blank=True,
                help_text="The sentence as the source states it.",
                max_length=300,
                verbose_name="sentence",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="sentence_months",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Term of the sentence in months, when one was given.",
                null=True,
                validators=[django.core.validators.MaxValueValidator(1200)],
                verbose_name="sentence months",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="statute",
            field=models.CharField(
                blank=True,
                help_text="The law invoked, e.g. Article 276 of the Russian Criminal Code.",
                max_length=200,
                verbose_name="statute",
            ),
        ),
        migrations.AlterField(
            model_name="charge",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="citation",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="charge",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="cases.charge",
                verbose_name="charge",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="citation",
            name="end",
            field=models.PositiveIntegerField(editable=False, verbose_name="end"),
        ),
        migrations.AlterField(
            model_name="citation",
            name="event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="cases.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="note",
            field=models.CharField(
                blank=True,
                help_text="How the passage supports the claim.",
                max_length=300,
                verbose_name="note",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="position",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="cases.position",
                verbose_name="position",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="quote",
            field=models.TextField(
                help_text="The passage, copied from the source's text.", verbose_name="quote"
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="citations",
                to="cases.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="start",
            field=models.PositiveIntegerField(
                editable=False, help_text="Offset of the passage in the text.", verbose_name="start"
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="status_change",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="cases.statuschange",
                verbose_name="status change",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="columnmapping",
            name="columns",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Column name → field name.",
                verbose_name="columns",
            ),
        ),
        migrations.AlterField(
            model_name="columnmapping",
            name="constants",
            field=models.JSONField(
                blank=True, default=dict, help_text="Field name → value.", verbose_name="constants"
            ),
        ),
        migrations.AlterField(
            model_name="columnmapping",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="columnmapping",
            name="key",
            field=models.CharField(
                blank=True,
                help_text="Fields identifying a case, joined by +.",
                max_length=200,
                verbose_name="key",
            ),
        ),
        migrations.AlterField(
            model_name="columnmapping",
            name="name",
            field=models.CharField(max_length=100, unique=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="columnmapping",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="event",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="certainty",
            field=models.CharField(
                choices=[("reported", "Reported, not confirmed"), ("confirmed", "Confirmed")],
                default="confirmed",
                help_text="Reported: the source passes it on without confirming it. Confirmed: the source states it as fact.",
                max_length=10,
                verbose_name="certainty",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="event",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="event",
            name="kind",
            field=models.CharField(
                choices=[
                    ("arrest", "Arrest"),
                    ("charge", "Charge"),
                    ("hearing", "Hearing"),
                    ("verdict", "Verdict"),
                    ("sentence", "Sentence"),
                    ("appeal", "Appeal"),
                    ("transfer", "Transfer"),
                    ("release", "Release"),
                    ("exchange", "Exchange"),
                    ("death", "Death"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="occurred_on",
            field=models.DateField(blank=True, null=True, verbose_name="occurred on"),
        ),
        migrations.AlterField(
            model_name="event",
            name="occurred_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives occurred on; empty when the date is unknown.",
                max_length=5,
                verbose_name="occurred on precision",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="place",
            field=models.CharField(blank=True, max_length=200, verbose_name="place"),
        ),
        migrations.AlterField(
            model_name="event",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="country",
            field=django_countries.fields.CountryField(
                blank=True,
                help_text="The state the actor belongs to or speaks for.",
                max_length=2,
                verbose_name="country",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("state", "State"),
                    ("government_body", "Ministry or government body"),
                    ("court", "Court"),
                    ("official", "Official"),
                    ("organisation", "Organisation"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="name",
            field=models.CharField(max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The body or state this actor is part of.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.actor",
                verbose_name="parent",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="role",
            field=models.CharField(
                blank=True,
                help_text="For officials, the office held, e.g. US Secretary of State.",
                max_length=200,
                verbose_name="role",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The editor working on the case.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned to",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="detained_on",
            field=models.DateField(blank=True, null=True, verbose_name="detained on"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="detained_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives detained on; empty when the date is unknown.",
                max_length=5,
                verbose_name="detained on precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="detaining_country",
            field=django_countries.fields.CountryField(
                blank=True,
                help_text="The state holding the person.",
                max_length=2,
                verbose_name="detaining country",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.person",
                verbose_name="person",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="place",
            field=models.CharField(
                blank=True,
                help_text="Where the person was detained or is held.",
                max_length=200,
                verbose_name="place",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="published",
            field=models.BooleanField(
                default=False,
                help_text="Drafts are visible only to editors and viewers.",
                verbose_name="published",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="released_on",
            field=models.DateField(blank=True, null=True, verbose_name="released on"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="released_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives released on; empty when the date is unknown.",
                max_length=5,
                verbose_name="released on precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="slug",
            field=models.SlugField(blank=True, max_length=80, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="status",
            field=models.CharField(
                choices=[
                    ("detained", "Detained"),
                    ("imprisoned", "Convicted and imprisoned"),
                    ("house_arrest", "Under house arrest"),
                    ("released", "Released"),
                    ("exchanged", "Released in an exchange"),
                    ("died_in_custody", "Died in custody"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="certainty",
            field=models.CharField(
                choices=[("reported", "Reported, not confirmed"), ("confirmed", "Confirmed")],
                default="confirmed",
                help_text="Reported: the source passes it on without confirming it. Confirmed: the source states it as fact.",
                max_length=10,
                verbose_name="certainty",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="charged_on",
            field=models.DateField(blank=True, null=True, verbose_name="charged on"),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="charged_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives charged on; empty when the date is unknown.",
                max_length=5,
                verbose_name="charged on precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="decided_on",
            field=models.DateField(
                blank=True,
                help_text="Date of the verdict or dismissal.",
                null=True,
                verbose_name="decided on",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="decided_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives decided on; empty when the date is unknown.",
                max_length=5,
                verbose_name="decided on precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="description",
            field=models.CharField(
                help_text="What the person is accused of, e.g. espionage.",
                max_length=300,
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("convicted", "Convicted"),
                    ("acquitted", "Acquitted"),
                    ("dropped", "Dropped"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="sentence",
            field=models.CharField(
                blank=True,
                help_text="The sentence as the source states it.",
                max_length=300,
                verbose_name="sentence",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="sentence_months",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Term of the sentence in months, when one was given.",
                null=True,
                validators=[django.core.validators.MaxValueValidator(1200)],
                verbose_name="sentence months",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="statute",
            field=models.CharField(
                blank=True,
                help_text="The law invoked, e.g. Article 276 of the Russian Criminal Code.",
                max_length=200,
                verbose_name="statute",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcharge",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="charge",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.charge",
                verbose_name="charge",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="end",
            field=models.PositiveIntegerField(editable=False, verbose_name="end"),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="event",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="note",
            field=models.CharField(
                blank=True,
                help_text="How the passage supports the claim.",
                max_length=300,
                verbose_name="note",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="position",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.position",
                verbose_name="position",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="quote",
            field=models.TextField(
                help_text="The passage, copied from the source's text.", verbose_name="quote"
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="start",
            field=models.PositiveIntegerField(
                editable=False, help_text="Offset of the passage in the text.", verbose_name="start"
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="status_change",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.statuschange",
                verbose_name="status change",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="certainty",
            field=models.CharField(
                choices=[("reported", "Reported, not confirmed"), ("confirmed", "Confirmed")],
                default="confirmed",
                help_text="Reported: the source passes it on without confirming it. Confirmed: the source states it as fact.",
                max_length=10,
                verbose_name="certainty",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("arrest", "Arrest"),
                    ("charge", "Charge"),
                    ("hearing", "Hearing"),
                    ("verdict", "Verdict"),
                    ("sentence", "Sentence"),
                    ("appeal", "Appeal"),
                    ("transfer", "Transfer"),
                    ("release", "Release"),
                    ("exchange", "Exchange"),
                    ("death", "Death"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="occurred_on",
            field=models.DateField(blank=True, null=True, verbose_name="occurred on"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="occurred_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives occurred on; empty when the date is unknown.",
                max_length=5,
                verbose_name="occurred on precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="place",
            field=models.CharField(blank=True, max_length=200, verbose_name="place"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Alternative spellings and transliterations, one per line.",
                verbose_name="aliases",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="birth_date",
            field=models.DateField(
                blank=True,
                help_text="Often known only to the month or the year.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1850, 1, 1), "A birth date is in 1850 or later."
                    )
                ],
                verbose_name="birth date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="birth_date_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives birth date; empty when the date is unknown.",
                max_length=5,
                verbose_name="birth date precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="citizenships",
            field=django_countries.fields.CountryField(
                blank=True,
                help_text="Every citizenship held.",
                max_length=746,
                multiple=True,
                multiple_sort=False,
                verbose_name="citizenships",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="description",
            field=models.CharField(
                blank=True,
                help_text="Who the person is, in a line.",
                max_length=300,
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="name",
            field=models.CharField(
                help_text="Display name in Latin script, e.g. Alexei Navalny.",
                max_length=200,
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="native_name",
            field=models.CharField(
                blank=True,
                help_text="Name in the person's own script, e.g. Алексей Навальный.",
                max_length=200,
                verbose_name="native name",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="slug",
            field=models.SlugField(blank=True, max_length=80, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.actor",
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="stance",
            field=models.CharField(
                choices=[
                    ("calls_for_release", "Calls for release"),
                    ("disputes_charges", "Disputes the charges or conviction"),
                    ("expresses_concern", "Expresses concern"),
                    ("defends_prosecution", "Defends the prosecution"),
                    ("rejects_interference", "Rejects criticism as interference"),
                    ("other", "Other"),
                ],
                max_length=30,
                verbose_name="stance",
            ),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="stated_on",
            field=models.DateField(blank=True, null=True, verbose_name="stated on"),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="stated_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives stated on; empty when the date is unknown.",
                max_length=5,
                verbose_name="stated on precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="historicalposition",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The editor reading the source for citations.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned to",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="author",
            field=models.CharField(blank=True, max_length=300, verbose_name="author"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="byline",
            field=models.CharField(
                blank=True,
                help_text="The byline exactly as printed, kept for checking.",
                max_length=500,
                verbose_name="byline",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="dateline",
            field=models.CharField(
                blank=True,
                help_text="The place the piece was filed from, e.g. Moscow.",
                max_length=200,
                verbose_name="dateline",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="kind",
            field=models.CharField(
                choices=[
                    ("news_article", "News article"),
                    ("official_statement", "Official statement"),
                    ("court_document", "Court document"),
                    ("report", "Report"),
                    ("list", "List of cases"),
                    ("other", "Other"),
                ],
                default="news_article",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="language",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                        "Use a language code such as en, ru or pt-BR.",
                    )
                ],
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="modified_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="modified at"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="outlet",
            field=models.CharField(
                blank=True, help_text="e.g. China Daily", max_length=200, verbose_name="outlet"
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="retrieved_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When this copy of the text was taken.",
                null=True,
                verbose_name="retrieved at",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="text",
            field=models.TextField(
                blank=True, help_text="The full text; citations quote from it.", verbose_name="text"
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="title",
            field=models.CharField(max_length=500, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the outlet last updated the piece.",
                null=True,
                verbose_name="updated at",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="matched_names",
            field=models.CharField(
                blank=True,
                help_text="The names found in the text that suggested the link.",
                max_length=500,
                verbose_name="matched names",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="reviewed at"),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewed by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="status",
            field=models.CharField(
                choices=[
                    ("suggested", "Suggested, not reviewed"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                ],
                default="suggested",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsourcelink",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="certainty",
            field=models.CharField(
                choices=[("reported", "Reported, not confirmed"), ("confirmed", "Confirmed")],
                default="confirmed",
                help_text="Reported: the source passes it on without confirming it. Confirmed: the source states it as fact.",
                max_length=10,
                verbose_name="certainty",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="changed_on",
            field=models.DateField(
                blank=True,
                help_text="When the status began, if a source says. A text's “today” is the day it was published. Leave empty rather than work a date out.",
                null=True,
                verbose_name="changed on",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="changed_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives changed on; empty when the date is unknown.",
                max_length=5,
                verbose_name="changed on precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="status",
            field=models.CharField(
                choices=[
                    ("detained", "Detained"),
                    ("imprisoned", "Convicted and imprisoned"),
                    ("house_arrest", "Under house arrest"),
                    ("released", "Released"),
                    ("exchanged", "Released in an exchange"),
                    ("died_in_custody", "Died in custody"),
                    ("unknown", "Unknown"),
                ],
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatuschange",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="case_list",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="imports",
                to="cases.caselist",
                verbose_name="case list",
            ),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="created",
            field=models.PositiveIntegerField(default=0, verbose_name="created"),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="file_name",
            field=models.CharField(max_length=500, verbose_name="file name"),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="rejected",
            field=models.PositiveIntegerField(default=0, verbose_name="rejected"),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="rejects",
            field=models.TextField(
                blank=True,
                help_text="The rejected rows as CSV, as they were, with a reason column.",
                verbose_name="rejects",
            ),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cases.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="summary",
            field=models.TextField(
                blank=True, help_text="The report the import printed.", verbose_name="summary"
            ),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="unchanged",
            field=models.PositiveIntegerField(default=0, verbose_name="unchanged"),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="updated",
            field=models.PositiveIntegerField(default=0, verbose_name="updated"),
        ),
        migrations.AlterField(
            model_name="importlog",
            name="user",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for imports run from the command line.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AlterField(
            model_name="listentry",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="list_entries",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="listentry",
            name="case_list",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="cases.caselist",
                verbose_name="case list",
            ),
        ),
        migrations.AlterField(
            model_name="listentry",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="listentry",
            name="row",
            field=models.PositiveIntegerField(
                help_text="Row of the file, counting the header as row 1.", verbose_name="row"
            ),
        ),
        migrations.AlterField(
            model_name="listentry",
            name="source",
            field=models.ForeignKey(
                help_text="The imported file, kept as a source.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="list_entries",
                to="cases.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="listentry",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="person",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Alternative spellings and transliterations, one per line.",
                verbose_name="aliases",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="birth_date",
            field=models.DateField(
                blank=True,
                help_text="Often known only to the month or the year.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1850, 1, 1), "A birth date is in 1850 or later."
                    )
                ],
                verbose_name="birth date",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="birth_date_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives birth date; empty when the date is unknown.",
                max_length=5,
                verbose_name="birth date precision",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="citizenships",
            field=django_countries.fields.CountryField(
                blank=True,
                help_text="Every citizenship held.",
                max_length=746,
                multiple=True,
                multiple_sort=False,
                verbose_name="citizenships",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="person",
            name="description",
            field=models.CharField(
                blank=True,
                help_text="Who the person is, in a line.",
                max_length=300,
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="name",
            field=models.CharField(
                help_text="Display name in Latin script, e.g. Alexei Navalny.",
                max_length=200,
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="native_name",
            field=models.CharField(
                blank=True,
                help_text="Name in the person's own script, e.g. Алексей Навальный.",
                max_length=200,
                verbose_name="native name",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Every name as transliterated search keys; see cases.search.",
                verbose_name="search names",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="slug",
            field=models.SlugField(blank=True, max_length=80, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="person",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="position",
            name="actor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="positions",
                to="cases.actor",
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="position",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="positions",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="position",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="position",
            name="stance",
            field=models.CharField(
                choices=[
                    ("calls_for_release", "Calls for release"),
                    ("disputes_charges", "Disputes the charges or conviction"),
                    ("expresses_concern", "Expresses concern"),
                    ("defends_prosecution", "Defends the prosecution"),
                    ("rejects_interference", "Rejects criticism as interference"),
                    ("other", "Other"),
                ],
                max_length=30,
                verbose_name="stance",
            ),
        ),
        migrations.AlterField(
            model_name="position",
            name="stated_on",
            field=models.DateField(blank=True, null=True, verbose_name="stated on"),
        ),
        migrations.AlterField(
            model_name="position",
            name="stated_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives stated on; empty when the date is unknown.",
                max_length=5,
                verbose_name="stated on precision",
            ),
        ),
        migrations.AlterField(
            model_name="position",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="position",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="source",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                help_text="The editor reading the source for citations.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_sources",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned to",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="author",
            field=models.CharField(blank=True, max_length=300, verbose_name="author"),
        ),
        migrations.AlterField(
            model_name="source",
            name="byline",
            field=models.CharField(
                blank=True,
                help_text="The byline exactly as printed, kept for checking.",
                max_length=500,
                verbose_name="byline",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="source",
            name="dateline",
            field=models.CharField(
                blank=True,
                help_text="The place the piece was filed from, e.g. Moscow.",
                max_length=200,
                verbose_name="dateline",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="kind",
            field=models.CharField(
                choices=[
                    ("news_article", "News article"),
                    ("official_statement", "Official statement"),
                    ("court_document", "Court document"),
                    ("report", "Report"),
                    ("list", "List of cases"),
                    ("other", "Other"),
                ],
                default="news_article",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="language",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                        "Use a language code such as en, ru or pt-BR.",
                    )
                ],
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="modified_at",
            field=models.DateTimeField(auto_now=True, verbose_name="modified at"),
        ),
        migrations.AlterField(
            model_name="source",
            name="outlet",
            field=models.CharField(
                blank=True, help_text="e.g. China Daily", max_length=200, verbose_name="outlet"
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.AlterField(
            model_name="source",
            name="retrieved_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When this copy of the text was taken.",
                null=True,
                verbose_name="retrieved at",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="text",
            field=models.TextField(
                blank=True, help_text="The full text; citations quote from it.", verbose_name="text"
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="title",
            field=models.CharField(max_length=500, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="source",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the outlet last updated the piece.",
                null=True,
                verbose_name="updated at",
            ),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="source_links",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="matched_names",
            field=models.CharField(
                blank=True,
                help_text="The names found in the text that suggested the link.",
                max_length=500,
                verbose_name="matched names",
            ),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="reviewed at"),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewed by",
            ),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links",
                to="cases.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="status",
            field=models.CharField(
                choices=[
                    ("suggested", "Suggested, not reviewed"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                ],
                default="suggested",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="sourcelink",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="status_changes",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="certainty",
            field=models.CharField(
                choices=[("reported", "Reported, not confirmed"), ("confirmed", "Confirmed")],
                default="confirmed",
                help_text="Reported: the source passes it on without confirming it. Confirmed: the source states it as fact.",
                max_length=10,
                verbose_name="certainty",
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="changed_on",
            field=models.DateField(
                blank=True,
                help_text="When the status began, if a source says. A text's “today” is the day it was published. Leave empty rather than work a date out.",
                null=True,
                verbose_name="changed on",
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="changed_on_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                help_text="How precisely the source gives changed on; empty when the date is unknown.",
                max_length=5,
                verbose_name="changed on precision",
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="status",
            field=models.CharField(
                choices=[
                    ("detained", "Detained"),
                    ("imprisoned", "Convicted and imprisoned"),
                    ("house_arrest", "Under house arrest"),
                    ("released", "Released"),
                    ("exchanged", "Released in an exchange"),
                    ("died_in_custody", "Died in custody"),
                    ("unknown", "Unknown"),
                ],
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
    ]

"""On SQLite, an FTS5 index of each case's search document (cases.search.fulltext).

PostgreSQL has had trigram indexes for the same searches since 0004. A SQLite
database of real-looking size is indexed in this migration by FTS5's rebuild.
"""

from django.db import migrations

from cases.search import fulltext


def install(apps, schema_editor):
    fulltext.install(schema_editor.connection)


def remove(apps, schema_editor):
    fulltext.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_verbose_names"),
    ]

    operations = [migrations.RunPython(install, remove)]

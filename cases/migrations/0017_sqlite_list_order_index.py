"""The case list's order as an index on SQLite, as 0007 gave PostgreSQL one.

SQLite walks (published, detained_on DESC, id DESC) for `published = 1` in
exactly the list's order (its NULLs sort lowest, so last when descending): the
first page of an unfiltered list, or one filtered on related records (EXISTS
probes), is read from the index without sorting every published case.
PostgreSQL has `case_detained_on_order` for the same walk (migration 0007).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS case_published_order "
    "ON cases_case (published, detained_on DESC, id DESC)"
)
DROP = "DROP INDEX IF EXISTS case_published_order"


def sqlite_only(statement):
    def execute(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)

    return execute


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_review"),
    ]

    operations = [migrations.RunPython(sqlite_only(CREATE), sqlite_only(DROP))]

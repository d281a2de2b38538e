"""An index written in each database's own SQL, where Django's `Index` cannot say it for both.

The leading underscore keeps Django's migration loader from taking this module for a migration.
"""

from django.db import migrations


def index_per_database(name, statements):
    """A RunPython operation creating index `name` with `statements[vendor]` (none for a
    database not named), and dropping it when the migration is reversed."""

    def create(apps, schema_editor):
        statement = statements.get(schema_editor.connection.vendor)
        if statement:
            schema_editor.execute(statement)

    def drop(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)

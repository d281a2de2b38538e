"""Index statements that only PostgreSQL understands (trigram, GIN, NULLS LAST).

The leading underscore keeps Django's migration loader from taking this
module for a migration.
"""

from django.db import migrations


def postgresql_only(statements, reverse_statements):
    """A RunPython operation that executes `statements` on PostgreSQL and nothing elsewhere."""

    def run(statements_to_run):
        def execute(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements_to_run:
                    schema_editor.execute(statement)

        return execute

    return migrations.RunPython(run(statements), run(reverse_statements))

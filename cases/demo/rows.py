"""Writing many new rows fast: COPY on PostgreSQL, one executemany per table elsewhere.

`bulk_create` compiles an INSERT of every row through the ORM, which took
most of `generate_demo_data`'s time (turning 600,000 values into SQL
parameters one field at a time). Here each table's rows go to the database as
plain tuples: through psycopg's `COPY ... FROM STDIN` on PostgreSQL, and
through `executemany` on SQLite. Primary keys are given here, counting on
from the largest in the table, so the rows written next can name them; the
sequences are moved past them at the end (`finish()`).

On a fresh PostgreSQL database, when not called inside a transaction, the
secondary indexes of the tables written are dropped first and built again at
the end: building an index once over a million rows is far cheaper than
keeping it up to date row by row. Nothing else may write to these tables
meanwhile (the generator is for a database of its own).
"""

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

# Fields whose Python values psycopg writes as the database stores them.
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
)


class RowWriter:
    """Inserts unsaved model instances, table by table, giving them their primary keys."""

    def __init__(self, tables):
        self.models = list(tables)
        self.next_id = {model: self.largest_id(model) + 1 for model in self.models}
        self.now = timezone.now()
        self.postgresql = connection.vendor == "postgresql"
        self.dropped_indexes = []
        fresh = all(self.next_id[model] == 1 for model in self.models)
        # Outside a transaction only: each batch commits on its own, and an index
        # cannot be built in a transaction whose deferred foreign keys are unchecked.
        if self.postgresql and fresh and not connection.in_atomic_block:
            self.drop_indexes()

    def largest_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")
            return cursor.fetchone()[0] or 0

    def insert(self, model, objects):
        if not objects:
            return
        for obj in objects:
            obj.pk = self.next_id[model]
            self.next_id[model] += 1
        fields = model._meta.concrete_fields
        converters = [self.converter(field) for field in fields]
        rows = [tuple(convert(obj) for convert in converters) for obj in objects]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with connection.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        for obj in objects:
            obj._state.adding = False
            obj._state.db = connection.alias

    def converter(self, field):
        """A function from an instance to the value stored in `field`'s column."""
        attname = field.attname
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            now = field.get_db_prep_save(self.now, connection)
            return lambda obj: now
        if field.is_relation:
            # The related object got its key when its own table was written.
            name = field.name

            def related_id(obj):
                value = getattr(obj, attname)
                if value is None and field.is_cached(obj):
                    value = getattr(obj, name).pk
                return value

            return related_id
        if self.postgresql and type(field) in PLAIN_FIELDS:
            return lambda obj: getattr(obj, attname)
        return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)

    def drop_indexes(self):
        """Drop the indexes that back no constraint; `finish()` builds them again."""
        tables = [model._meta.db_table for model in self.models]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [tables],
            )
            self.dropped_indexes = cursor.fetchall()
            for name, _ in self.dropped_indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    def finish(self):
        """Move the id sequences past the rows written, and build the dropped indexes again."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)
            for _, definition in self.dropped_indexes:
                cursor.execute(definition)
        self.dropped_indexes = []

"""Making and writing many new rows fast: COPY on PostgreSQL, one executemany per table elsewhere.

A million synthetic cases are some 17 million rows. Three costs dominated
when they were ordinary model instances saved in bulk, and each is avoided here:

- `Model.__init__` and the foreign-key descriptors, for every row.
  `Block.new()` makes a real instance of the model (its methods, such as the
  ones deriving search keys, work on it) by filling its `__dict__` directly,
  with every field's default and a primary key.
- Each value prepared for the database field by field. A table's rows are
  read out of the instances' `__dict__` in one `itemgetter` call per row;
  only the few fields whose Python value is not what psycopg writes
  (a list of countries, say) go through the field's `get_db_prep_save()`.
- One core doing everything. A `Block`'s rows can be made in another
  process: its keys count from 1 within the block, and `RowWriter` moves
  them (the primary keys and the foreign keys between the block's tables)
  past the rows already written when it inserts them. The sequences are
  moved past the last rows at the end (`finish()`).

On a fresh PostgreSQL database, when not called inside a transaction, the
B-tree indexes of the tables written that back no constraint, and their
foreign keys, are dropped first and made again at the end, the indexes two at
a time: sorting a million keys once is far cheaper than keeping the index up
to date row by row, and checking a foreign key in one join far cheaper than
one query per row. The GIN indexes (full
text, trigrams, words) are kept: building one is a single process's work of minutes
at a million rows (the sources' full-text index most of all), which done
during the load runs beside the Python making the rows instead of after it.
Nothing else may write to these tables meanwhile (the generator is for a
database of its own).
"""

import queue
import threading
from operator import itemgetter

from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from cases.models import Case, Charge
from cases.models.cases import DECIDED_OUTCOMES

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
    models.PositiveIntegerField,
    models.SlugField,
    models.TextField,
    models.URLField,
)
# Connections writing batches at once: one PostgreSQL process per core.
WRITERS = 2
# Per index build or foreign key check: millions of keys sorted or hashed in memory.
BUILD_MEMORY = "1GB"


class Layout:
    """What making and writing rows of one model needs, worked out once."""

    def __init__(self, model, tables, now):
        self.model = model
        fields = model._meta.concrete_fields
        if fields[0].attname != "id":
            raise TypeError(f"{model.__name__}'s first column is not its id")
        self.columns = [field.column for field in fields]
        self.defaults = {field.attname: field.get_default() for field in fields}
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.defaults[field.attname] = now
        # A foreign key given as an instance: its name -> the column attribute it sets.
        self.relations = {field.name: field.attname for field in fields if field.is_relation}
        self.read = itemgetter(*(field.attname for field in fields))
        self.converted = [
            (index, field)
            for index, field in enumerate(fields)
            if not (connection.vendor == "postgresql" and type(field) in PLAIN_FIELDS)
        ]
        # The columns holding keys counted within a block: the id, and foreign
        # keys to the other tables written with it.
        self.keys = [(0, model)] + [
            (index, field.related_model)
            for index, field in enumerate(fields)
            if field.is_relation and field.related_model in tables
        ]

    def row(self, obj) -> tuple:
        values = self.read(obj.__dict__)
        if not self.converted:
            return values
        values = list(values)
        for index, field in self.converted:
            values[index] = field.get_db_prep_save(values[index], connection)
        return tuple(values)

    def moved(self, rows, offsets):
        """`rows` with their block's keys moved by `offsets` (model -> amount)."""
        keys = [(index, offsets[model]) for index, model in self.keys]
        moved = []
        for row in rows:
            row = list(row)
            for index, offset in keys:
                if row[index] is not None:
                    row[index] += offset
            moved.append(row)
        return moved


class Block:
    """New records of `tables`, made by `new()` with keys counted from 1 within the block."""

    def __init__(self, tables, layouts):
        self.tables = tables
        self.layouts = layouts
        self.records = {model: [] for model in tables}

    def new(self, model, **values):
        """An instance of `model` with its key in the block, as `model(**values)` would make it.

        `values` are fields by name; a foreign key given as an instance is
        cached on the new one (so `case.person` needs no query) and its key
        stored. Nothing runs that `__init__` would run but the defaults: no
        signals, no descriptors' `__set__`.
        """
        layout = self.layouts[model]
        obj = model.__new__(model)
        obj._state = state = ModelState()
        fields = obj.__dict__
        fields.update(layout.defaults)
        for name, value in values.items():
            attname = layout.relations.get(name)
            if attname is not None:
                fields[attname] = None if value is None else value.__dict__["id"]
                state.fields_cache[name] = value
            elif name in fields:
                fields[name] = value
            else:
                raise TypeError(f"{model.__name__} has no field {name!r}")
        records = self.records[model]
        records.append(obj)
        fields["id"] = len(records)
        return obj

    def rows(self) -> dict:
        """Each table's rows, as tuples of column values (picklable, for another process)."""
        return {
            model: [self.layouts[model].row(obj) for obj in objects]
            for model, objects in self.records.items()
        }


class RowWriter:
    """Inserts blocks of new rows, table by table, after the rows already there.

    On PostgreSQL, outside a transaction, `WRITERS` threads with connections
    of their own COPY the batches, each in a transaction of its own: the
    blocks of a batch point only at each other and at rows already committed,
    so the batches can be written in any order, and PostgreSQL's work for them
    (parsing, storing, the full-text and trigram indexes) is shared by as many
    processes.
    """

    def __init__(self, tables):
        self.tables = list(tables)
        self.now = timezone.now()
        self.layouts = {model: Layout(model, self.tables, self.now) for model in self.tables}
        # What a block's keys are moved by: the largest id written so far.
        self.offsets = {model: self.largest_id(model) for model in self.tables}
        self.postgresql = connection.vendor == "postgresql"
        # On PostgreSQL a case has a column its charges' triggers keep (migration 0026). It is
        # written with the rows: the triggers are off during a fresh load, and setting it
        # afterwards would write each such case again, and every index entry of it.
        self.decided_charges = self.postgresql and {Case, Charge} <= set(self.tables)
        if self.decided_charges:
            self.layouts[Case].columns.append("has_decided_charge")
        self.dropped_indexes = []
        self.dropped_foreign_keys = []
        # Whether the tables' triggers were off while the rows were written (see finish()).
        self.triggers_were_off = False
        self.threads = []
        self.errors = []
        # Outside a transaction only: the writers' connections would not see rows
        # the transaction has not committed, and an index cannot be built in a
        # transaction whose deferred foreign keys are unchecked.
        if self.postgresql and not connection.in_atomic_block:
            if not any(self.offsets.values()):
                self.drop_indexes_and_foreign_keys()
            self.start_writers()

    def block(self) -> Block:
        return Block(self.tables, self.layouts)

    def largest_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")
            return cursor.fetchone()[0] or 0

    def write(self, blocks):
        """Insert the rows of `blocks` (each `Block.rows()`), in one transaction.

        With the writer threads, the rows are queued for them and this returns
        at once (unless they are `WRITERS` batches behind).
        """
        batch = []
        for rows in blocks:
            moved = {
                model: self.layouts[model].moved(rows[model], self.offsets) for model in self.tables
            }
            if self.decided_charges:
                mark_decided_charges(moved[Case], moved[Charge], self.layouts[Charge])
            batch.extend(moved.items())
            for model in self.tables:
                self.offsets[model] += len(rows[model])
        if not self.threads:
            self.insert(connection, batch)
            return
        self.raise_writer_error()
        self.queue.put(batch)

    def insert(self, db, batch):
        with transaction.atomic(using=db.alias), db.cursor() as cursor:
            for model, rows in batch:
                if not rows:
                    continue
                table = db.ops.quote_name(model._meta.db_table)
                columns = self.layouts[model].columns
                names = ", ".join(db.ops.quote_name(column) for column in columns)
                if self.postgresql:
                    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    # The writer threads ------------------------------------------------------------

    def start_writers(self):
        self.queue = queue.Queue(maxsize=WRITERS)
        self.threads = [
            threading.Thread(target=self.write_queued, name=f"demo-rows-{n}", daemon=True)
            for n in range(WRITERS)
        ]
        for thread in self.threads:
            thread.start()

    def write_queued(self):
        """A writer thread: insert queued batches until it takes None."""
        # Django gives each thread a connection of its own to the same database.
        db = connections[connection.alias]
        try:
            while (batch := self.queue.get()) is not None:
                if not self.errors:  # after an error, only empty the queue
                    try:
                        self.insert(db, batch)
                    except BaseException as error:  # raised again in the main thread
                        self.errors.append(error)
        finally:
            db.close()

    def raise_writer_error(self):
        if self.errors:
            raise RuntimeError("Writing the synthetic rows failed") from self.errors[0]

    def stop_writers(self):
        """Wait for the writer threads to write what is queued, and end them."""
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        self.threads = []
        self.raise_writer_error()

    # Indexes, foreign keys and sequences ---------------------------------------------------

    def drop_indexes_and_foreign_keys(self):
        """Drop what `finish()` builds again: B-tree indexes backing no constraint, foreign keys;
        and turn the tables' own triggers off until then.

        A foreign key checks each row it is given at commit, one query per
        value (some 30 per case); added again at the end, it checks every row
        in one join per key. As PostgreSQL's documentation advises for bulk
        loads ("Populating a Database"). A trigger would look up rows through
        the indexes dropped (the charges of a case); what the triggers keep is
        written with the rows instead (`mark_decided_charges()`).
        """
        tables = [model._meta.db_table for model in self.tables]
        self.triggers_were_off = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "AND indexdef NOT LIKE '%% USING gin %%' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [tables],
            )
            self.dropped_indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
                "ORDER BY conrelid::regclass::text, conname",
                [tables],
            )
            self.dropped_foreign_keys = cursor.fetchall()
            quote = connection.ops.quote_name
            for name, _ in self.dropped_indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
            for table, name, _ in self.dropped_foreign_keys:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for table in tables:
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")

    def finish(self):
        """Wait for the writers, move the sequences past the new rows, restore what was dropped."""
        self.stop_writers()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.tables):
                cursor.execute(statement)
        quote = connection.ops.quote_name
        # The foreign keys after the indexes, which their checks may use.
        dropped = [definition for _, definition in self.dropped_indexes] + [
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
            for table, name, definition in self.dropped_foreign_keys
        ]
        if dropped:
            two_at_a_time(dropped)
        if self.triggers_were_off:
            with connection.cursor() as cursor:
                for model in self.tables:
                    cursor.execute(f"ALTER TABLE {quote(model._meta.db_table)} ENABLE TRIGGER USER")
        self.dropped_indexes = []
        self.dropped_foreign_keys = []


def mark_decided_charges(cases, charges, charge_layout):
    """Add to each case row (a list) whether any of `charges` (rows) of it was decided."""
    case_at = charge_layout.columns.index("case_id")
    outcome_at = charge_layout.columns.index("outcome")
    decided = {row[case_at] for row in charges if row[outcome_at] in DECIDED_OUTCOMES}
    for row in cases:
        row.append(row[0] in decided)


def two_at_a_time(statements):
    """Run `statements` (building indexes, adding foreign keys) on two connections at once.

    Each is the work of one PostgreSQL process; two at a time keep both of the
    machine's cores busy. Each connection takes the next statement left, in
    order; one that needs a table another holds waits for it.
    """
    pending = queue.SimpleQueue()
    for statement in statements:
        pending.put(statement)
    errors = []

    def run():
        db = connections[connection.alias]
        try:
            with db.cursor() as cursor:
                cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
                cursor.execute(f"SET work_mem = '{BUILD_MEMORY}'")
                while not errors:
                    try:
                        statement = pending.get_nowait()
                    except queue.Empty:
                        break
                    cursor.execute(statement)
        except BaseException as error:  # raised again in the calling thread
            errors.append(error)
        finally:
            db.close()

    threads = [threading.Thread(target=run, name=f"demo-build-{n}") for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError("Building the indexes and foreign keys again failed") from errors[0]

"""`values()` queries compiled to SQL once per process rather than on every run.

Django compiles a queryset to SQL each time it runs. For the few rows of one
case page that costs more than the database takes to answer: about 0.3 ms of
Python per query against 0.2 ms of PostgreSQL. The nested records of a case
are read with queries whose SQL depends only on how many cases are asked for,
so `PreparedRows` compiles each once per number of cases and runs it again
with new ids. On PostgreSQL the ids go as one array (`= ANY(%s)`), so one
compiled query serves any number of them, and psycopg need not parse a
statement of 2,000 placeholders again for each chunk of a CSV export. The
rows still pass through the compiler's converters, so they are exactly what
the queryset would give (tests/api/test_prepared.py).
"""

from collections.abc import Callable
from typing import NamedTuple

from django.contrib.postgres.fields import ArrayField
from django.db import connections, models, router


class PreparedRows:
    """The rows of `queryset` (a `values()` queryset) whose `field` is one of some ids.

    Called with the ids, returns the list of dicts that
    `queryset.filter(<field>__in=ids)` would give, in its order.
    """

    def __init__(self, queryset, field):
        self.queryset = queryset
        self.field = field
        self.compiled = {}  # by (database alias, number of ids, or None for an array of them)

    def __call__(self, ids) -> list[dict]:
        return read_together([self], ids)[0]

    def statement(self, ids) -> "Statement":
        """This query for `ids` (distinct, at least one), compiled once per process."""
        alias = router.db_for_read(self.queryset.model)
        as_array = connections[alias].vendor == "postgresql"
        key = (alias, None if as_array else len(ids))
        if key not in self.compiled:
            self.compiled[key] = self.compile(alias, len(ids), as_array)
        if self.compiled[key] is None:
            fallback = self.queryset.using(alias).filter(**{f"{self.field}__in": ids})
            return Statement(alias, None, fallback, None)
        sql, compiler, names, converters = self.compiled[key]

        def as_dicts(rows):
            if converters:
                rows = compiler.apply_converters(rows, converters)
            return [dict(zip(names, row, strict=True)) for row in rows]

        return Statement(alias, sql, [ids] if as_array else ids, as_dicts)

    def compile(self, alias, count, as_array):
        """(SQL, compiler, column names, converters) for `count` ids, or for an array of any
        number of them; None if the ids are not its only parameters."""
        # Ids no record has, so a mistake could never return real rows.
        placeholders = [-(number + 1) for number in range(count)]
        if as_array:
            array = models.Value(placeholders, output_field=ArrayField(models.BigIntegerField()))
            condition = AnyOf(models.F(self.field), array)
        else:
            condition = models.Q(**{f"{self.field}__in": placeholders})
        query = self.queryset.using(alias).filter(condition).query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if list(params) != ([placeholders] if as_array else placeholders):
            return None
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        # What results_iter() would look up again for every run: the backend's and
        # fields' conversions of each column (dates stored as text on SQLite, say).
        converters = compiler.get_converters([column[0] for column in compiler.select])
        return sql, compiler, names, converters


class Statement(NamedTuple):
    """A PreparedRows query for some ids: its SQL and parameters, and what makes its rows dicts.

    Without SQL (ids are not all the query needs), `params` is the queryset to read instead.
    """

    alias: str
    sql: str | None
    params: object
    as_dicts: Callable | None

    def send(self):
        if self.sql is None:
            return None
        cursor = connections[self.alias].cursor()
        cursor.execute(self.sql, self.params)
        return cursor

    def fetch(self, cursor) -> list[dict]:
        if self.sql is None:
            return list(self.params)
        with cursor:
            return self.as_dicts(cursor.fetchall())


def read_together(queries, ids) -> list[list[dict]]:
    """The rows of each of `queries` (PreparedRows) for `ids`, in one round trip on PostgreSQL.

    psycopg's pipeline mode sends every statement before reading any answer, so
    the rows of a page's cases and their nested records cost the database's time
    for seven queries and the network's for one. Elsewhere they run one after another.
    """
    ids = list(dict.fromkeys(ids))
    if not ids:
        return [[] for _ in queries]
    statements = [query.statement(ids) for query in queries]
    aliases = {statement.alias for statement in statements}
    connection = connections[next(iter(aliases))]
    if len(statements) == 1 or len(aliases) > 1 or connection.vendor != "postgresql":
        return [statement.fetch(statement.send()) for statement in statements]
    connection.ensure_connection()
    with connection.connection.pipeline():
        cursors = [statement.send() for statement in statements]
        return [
            statement.fetch(cursor) for statement, cursor in zip(statements, cursors, strict=True)
        ]


class AnyOf(models.Lookup):
    """`field = ANY(array)`, PostgreSQL's "one of these" with the values as one parameter."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]

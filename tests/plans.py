"""Reading query plans in tests: whether a query walks an index or reads a whole table and sorts."""

import re

from django.db import connection

SQLITE_SORT = "USE TEMP B-TREE FOR ORDER BY"
POSTGRESQL_SORT = re.compile(r"(^|->  )(Incremental )?Sort  \(", re.MULTILINE)


def plan_as_for_large_tables(allow_sorts=False):
    """Small tables: make PostgreSQL choose the plans it would for large ones (within this
    test's transaction), pricing out sequential scans and, unless `allow_sorts`, sorts."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            if not allow_sorts:
                cursor.execute("SET LOCAL enable_sort = off")


def reads_the_whole_table(plan):
    if connection.vendor == "postgresql":
        return "Seq Scan on cases_case" in plan
    return re.search(r"SCAN cases_case$", plan, re.MULTILINE) is not None


def sorts(plan):
    if connection.vendor == "postgresql":
        return POSTGRESQL_SORT.search(plan) is not None
    return SQLITE_SORT in plan

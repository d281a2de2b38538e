"""Whole-word search of cases on SQLite: an FTS5 index of `cases_case.search_document`.

PostgreSQL finds the cases whose document holds a word through a trigram
index (migration 0004). SQLite has none for `LIKE '% word %'`, so a search
whose matches are few read every case's document: 600 ms for a full name at
100,000 cases. An FTS5 table indexes the same document, word by word: a
document is its search keys, `[0-9a-z]+` separated by spaces (cases.text.names),
so FTS5's tokens are exactly the whole words the LIKE conditions look for, and
`search_cases` asks the index first, then checks and ranks the rows it names
with those same conditions.

The index holds no copy of the text (`content='cases_case'`); triggers keep it
in step with every write to the case table, whatever makes it (the ORM, raw
SQL, the demo data's bulk inserts). Django rebuilds a SQLite table to alter it,
which drops its triggers: `install()`, run by the migration and after every
`migrate`, puts back whatever is missing and then rebuilds the index.
"""

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "cases_case_search"
# Up to this many matching cases, the index names them (see holding_every_word).
FEW = 2000
TRIGGERS = {
    f"{TABLE}_insert": f"""
        CREATE TRIGGER {TABLE}_insert AFTER INSERT ON cases_case BEGIN
            INSERT INTO {TABLE} (rowid, search_document) VALUES (new.id, new.search_document);
        END""",
    f"{TABLE}_delete": f"""
        CREATE TRIGGER {TABLE}_delete AFTER DELETE ON cases_case BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
        END""",
    f"{TABLE}_update": f"""
        CREATE TRIGGER {TABLE}_update AFTER UPDATE OF search_document ON cases_case BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
            INSERT INTO {TABLE} (rowid, search_document) VALUES (new.id, new.search_document);
        END""",
}
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
    "search_document, content='cases_case', content_rowid='id', tokenize='unicode61')"
)


def install(connection) -> bool:
    """Create what is missing of the index and its triggers; True when anything was."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s OR (type = 'trigger' AND name LIKE %s)",
            [TABLE, f"{TABLE}_%"],
        )
        present = {name for (name,) in cursor.fetchall()}
        missing = [name for name in [TABLE, *TRIGGERS] if name not in present]
        if TABLE in missing:
            cursor.execute(CREATE_TABLE)
        for name in missing:
            if name in TRIGGERS:
                cursor.execute(TRIGGERS[name])
        if missing:
            # Writes made while a trigger was missing are not in the index.
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")
    return bool(missing)


def remove(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def match_expression(query: list[tuple[str, ...]]) -> str:
    """FTS5's form of "every word, as any of its keys": `("a" OR "b") AND "c"`."""
    return " AND ".join(
        "(" + " OR ".join(f'"{key}"' for key in keys) + ")" for keys in query if keys
    )


def holding_every_word(query: list[tuple[str, ...]], using: str) -> Q:
    """The cases the index finds holding every word of `query`, each as any of its keys.

    Only when they are few: SQLite then reads just those cases and sorts them.
    A word that many cases hold is found sooner the way PostgreSQL finds it,
    by walking the list's date index until the page is full (an empty Q):
    reading and sorting 20,000 matches of "espionage" took 140 ms, the walk 13.
    """
    expression = match_expression(query)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)",
            [expression, FEW + 1],
        )
        (found,) = cursor.fetchone()
    if found > FEW:
        return Q()
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]))

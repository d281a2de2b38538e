"""On PostgreSQL, whether a case has a decided charge, kept by the database, and an index of
those cases in the list's order.

`?outcome=convicted` (with or without `charge=`) walks the cases newest first
and probes each for such a charge (`ExistsProbe`). The newest cases mostly
await a verdict, so the walk grew with the registry: 2,700 probes at 100,000
cases, ten times as many at 1,000,000, before a page of 50 was full.
`cases_case.has_decided_charge` says whether any charge of the case was
decided (convicted, acquitted or dropped: `DECIDED_OUTCOMES`), and
`case_decided_order` lists those cases in the list's order, so the walk
starts among them: some 250 probes for a page at any size
(`CaseQuerySet.among_cases_with_decided_charges()`).

The column is the database's, not a model field: statement triggers on
`cases_charge` set it after every insert, update and delete, whichever way
the rows come (the ORM, bulk imports, COPY, SQL by hand), so no write path
can leave it stale, and Django never writes it. (The demo generator's load
of a fresh database turns the triggers off with the indexes, and writes the
column with the cases: cases.demo.rows.)
Each trigger first locks the cases whose charges changed, then reads their
charges in a statement of its own: a concurrent write to the same case's
charges waits, then reads what that one committed.

SQLite: nothing. Its list filters are within their targets without it, and
Django rebuilds an SQLite table on many schema changes, which would drop a
column and triggers it does not know of.
"""

from django.db import migrations

from cases.migrations._postgresql import postgresql_only

# cases.models.cases.DECIDED_OUTCOMES; tests/search/test_decided_charges.py checks they agree.
DECIDED = "('convicted', 'acquitted', 'dropped')"

# After each statement that writes charges: (its event, its transition tables, the cases of
# the charges it wrote).
CHANGED = {
    "inserted": ("INSERT", "NEW TABLE AS new_charges", "SELECT DISTINCT case_id FROM new_charges"),
    "updated": (
        "UPDATE",
        "OLD TABLE AS old_charges NEW TABLE AS new_charges",
        "SELECT case_id FROM new_charges UNION SELECT case_id FROM old_charges",
    ),
    "deleted": ("DELETE", "OLD TABLE AS old_charges", "SELECT DISTINCT case_id FROM old_charges"),
}
TRIGGERS = [
    statement
    for name, (event, tables, cases) in CHANGED.items()
    for statement in (
        f"""
        CREATE OR REPLACE FUNCTION cases_charges_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM cases_set_decided_charges(ARRAY({cases}));
            RETURN NULL;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS charges_{name}_decided ON cases_charge",
        f"CREATE TRIGGER charges_{name}_decided AFTER {event} ON cases_charge "
        f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION cases_charges_{name}()",
    )
]

CREATE = [
    "ALTER TABLE cases_case "
    "ADD COLUMN IF NOT EXISTS has_decided_charge boolean NOT NULL DEFAULT false",
    f"""
    CREATE OR REPLACE FUNCTION cases_set_decided_charges(case_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM 1 FROM cases_case WHERE id = ANY(case_ids) ORDER BY id FOR UPDATE;
        UPDATE cases_case SET has_decided_charge = decided.recorded
        FROM (
            SELECT id, EXISTS(
                SELECT 1 FROM cases_charge
                WHERE cases_charge.case_id = ids.id AND cases_charge.outcome IN {DECIDED}
            ) AS recorded
            FROM unnest(case_ids) AS ids(id)
        ) AS decided
        WHERE cases_case.id = decided.id AND cases_case.has_decided_charge <> decided.recorded;
    END
    $$
    """,
    *TRIGGERS,
    # The cases already registered: a semi-join of their decided charges, which needs no index.
    f"""
    UPDATE cases_case SET has_decided_charge = true
    WHERE id IN (SELECT case_id FROM cases_charge WHERE outcome IN {DECIDED})
    """,
    "CREATE INDEX IF NOT EXISTS case_decided_order "
    "ON cases_case (detained_on DESC NULLS LAST, id DESC) WHERE has_decided_charge",
    "ANALYZE cases_case",
]
REVERSE = [
    *(f"DROP TRIGGER IF EXISTS charges_{name}_decided ON cases_charge" for name in CHANGED),
    *(f"DROP FUNCTION IF EXISTS cases_charges_{name}()" for name in CHANGED),
    "DROP FUNCTION IF EXISTS cases_set_decided_charges(bigint[])",
    # The index goes with its column.
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS has_decided_charge",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0025_feed_orders"),
    ]

    operations = [postgresql_only(CREATE, REVERSE)]

"""The published cases in list order with their search documents, for searches to walk.

A search for a common word (a surname in one case of 200) is answered by
walking the published cases newest first and testing each document until a
page is full (cases.search.ranking.all_words_q): some 9,000 cases for a page
of "Kuznetsov", however large the registry. Read from the table, each case
tested costs a visit to its row, and the walk 15–23 ms at 1,000,000 cases;
with the document in the index (an index-only scan) and the quick test a
`strpos()`, 3.8 ms. The index costs some 30 MB per 100,000 cases.

PostgreSQL only; IF NOT EXISTS, so a large registry may build it first,
CONCURRENTLY, without blocking writes.
"""

from django.db import migrations

from cases.migrations._postgresql import postgresql_only

CREATE = [
    "CREATE INDEX IF NOT EXISTS case_search_walk ON cases_case "
    "(detained_on DESC NULLS LAST, id DESC) INCLUDE (search_document) WHERE published",
]
REVERSE = ["DROP INDEX IF EXISTS case_search_walk"]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0026_case_has_decided_charge"),
    ]

    operations = [postgresql_only(CREATE, REVERSE)]

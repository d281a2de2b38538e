"""Lists of cases are left out of the full-text index of sources (PostgreSQL only).

A list imported from a spreadsheet is kept as a source whose text is the
whole file; past some 9,000 rows its tsvector exceeds PostgreSQL's limit of
1 MB, and the index refused the insert. A list has no passage to find either
(cases.search.ranking.search_sources leaves lists out, with the same
condition, so the planner still uses this index).
"""

from django.db import migrations

from cases.migrations._postgresql import postgresql_only

INDEX = (
    "CREATE INDEX IF NOT EXISTS source_search_vector ON cases_source USING gin "
    "((to_tsvector('english'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(text, ''))))"
)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_undated_last")]

    operations = [
        postgresql_only(
            ["DROP INDEX IF EXISTS source_search_vector", f"{INDEX} WHERE kind <> 'list'"],
            ["DROP INDEX IF EXISTS source_search_vector", INDEX],
        )
    ]

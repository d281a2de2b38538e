"""An index for the sources in their list order: newest publication first, undated last.

The API's source list and the admin's sorted all 175,192 sources of a
100,000-case registry for each page (100 ms for the first, a second for the
hundredth); in this index a page is the next entries. PostgreSQL takes the
list's exact order; SQLite, which cannot say NULLS LAST (its NULLs sort last
when descending anyway), the same columns descending.
"""

from django.db import migrations

from cases.migrations._indexes import index_per_database

NAME = "source_list_order"
CREATE = {
    "postgresql": f"CREATE INDEX IF NOT EXISTS {NAME} ON cases_source "
    "(published_at DESC NULLS LAST, updated_at DESC NULLS LAST, title, id)",
    "sqlite": f"CREATE INDEX IF NOT EXISTS {NAME} ON cases_source "
    "(published_at DESC, updated_at DESC, title, id)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_search_document_statistics"),
    ]

    operations = [index_per_database(NAME, CREATE)]

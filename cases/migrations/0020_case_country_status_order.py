"""An index for a country's cases of one status, in the list's order.

`status=imprisoned&detaining_country=RU` walked the country's date index past
every newer case of another status: at 1,000,000 cases 10,792 of them before
the page was full (73-118 ms), since most recent detentions are not yet
sentences. With the status in the index the page is its first 50 entries.
PostgreSQL takes it as a partial index of the published cases in the list's
exact order; SQLite, which cannot say NULLS LAST (its NULLs sort last when
descending anyway), with the publication as a column.
"""

from django.db import migrations

from cases.migrations._indexes import index_per_database

NAME = "case_country_status_order"
CREATE = {
    "postgresql": f"CREATE INDEX IF NOT EXISTS {NAME} ON cases_case "
    "(detaining_country, status, detained_on DESC NULLS LAST, id DESC) WHERE published",
    "sqlite": f"CREATE INDEX IF NOT EXISTS {NAME} ON cases_case "
    "(detaining_country, status, published, detained_on DESC, id DESC)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0019_sqlite_case_search_index"),
    ]

    operations = [index_per_database(NAME, CREATE)]

"""Word indexes for name search on PostgreSQL, in place of the case documents' trigram index.

`cases.search.ranking.all_words_q` matches the words of `Case.search_document`
and `Person.search_names` as arrays (`SearchWords`, whose expression these
indexes must repeat exactly). A word's entry lists the records holding it, so
a search reads the entries of its own words: at 1,000,000 cases, 49 MB of
index against 353 MB for the trigrams of `search_document`, which nothing
reads any more and which every write of a case had to keep up. The trigram
index of `search_names` stays: the "did you mean" suggestions
(`close_people`) measure trigram similarity. Other databases: nothing.
"""

from django.db import migrations

from cases.migrations._postgresql import postgresql_only

WORDS = "string_to_array(btrim({column}), ' ')"
# IF NOT EXISTS: a large registry may build them first, CONCURRENTLY, without blocking writes.
CREATE = [
    f"CREATE INDEX IF NOT EXISTS case_search_words ON cases_case USING gin "
    f"(({WORDS.format(column='search_document')}))",
    f"CREATE INDEX IF NOT EXISTS person_search_words ON cases_person USING gin "
    f"(({WORDS.format(column='search_names')}))",
    "DROP INDEX IF EXISTS case_search_document_trgm",
    # The planner's counts of each word come from these indexes' statistics.
    "ANALYZE cases_case",
    "ANALYZE cases_person",
]
REVERSE = [
    "CREATE INDEX IF NOT EXISTS case_search_document_trgm "
    "ON cases_case USING gin (search_document gin_trgm_ops)",
    "DROP INDEX IF EXISTS case_search_words",
    "DROP INDEX IF EXISTS person_search_words",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0023_person_name_order"),
    ]

    operations = [postgresql_only(CREATE, REVERSE)]

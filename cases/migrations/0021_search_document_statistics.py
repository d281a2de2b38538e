"""Finer statistics on the case search documents, so PostgreSQL knows a common name when it sees one.

With the default sample (100 documents in the histogram), PostgreSQL took any
word it did not find there for a rare one: 96 cases estimated for
`LIKE '% muller %'` where 12,133 of 1,000,000 match, so it read every match
from the trigram index and sorted them for a page (124 ms). Sampling 300
tells it such a word is common, and it walks the date index until the page is
full (7 ms); rare words still come from the trigram index. Planning a search
costs about 0.3 ms more; 1,000 would cost 2 to 4 ms. SQLite keeps no such
statistics: its FTS5 index counts the candidates (cases.search.fulltext).
"""

from django.db import migrations

from cases.migrations._postgresql import postgresql_only

STATISTICS = "ALTER TABLE cases_case ALTER COLUMN search_document SET STATISTICS {}"


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0020_case_country_status_order"),
    ]

    # -1 is PostgreSQL's default (default_statistics_target).
    operations = [postgresql_only([STATISTICS.format(300)], [STATISTICS.format(-1)])]

"""Migration 0028: a source's day is kept with it (`Source.dated_on`), as it was computed before.

Sources stored before it kept no UTC offset (their times are in UTC), so
their day stays the day in the registry's time zone. Run in fresh processes
against a database of its own, as tests/models/test_birth_date_migration.py.
"""

import re
import sqlite3

import pytest

from tests.models.test_birth_date_migration import STAMP, migrate

BEFORE = "0027_case_search_walk"
# (id, title, published_at, updated_at), as Django stores them on SQLite: UTC.
ROWS = [
    (1, "Published in the afternoon", "2022-04-27 11:57:24", None),
    (2, "Published late in Washington", "2023-03-11 02:45:00", None),
    (3, "Dated by an update", None, "2021-02-06 09:12:00"),
    (4, "Undated", None, None),
]


@pytest.mark.slow
def test_every_source_and_its_history_get_the_day_they_had(tmp_path):
    path = tmp_path / "registry.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url, "cases", BEFORE)
    with sqlite3.connect(path) as db:
        # A CHECK constraint uses REGEXP, which Django defines on its own connections.
        db.create_function("REGEXP", 2, lambda pattern, value: bool(re.search(pattern, value)))
        for pk, title, published_at, updated_at in ROWS:
            values = (pk, title, published_at, updated_at, f"{pk:064x}", STAMP, STAMP)
            db.execute(
                "INSERT INTO cases_source (id, kind, title, outlet, author, dateline, byline, "
                "url, archive_url, published_at, updated_at, language, text, sha256, "
                "created_at, modified_at) VALUES (?, 'official_statement', ?, '', '', '', '', "
                "'', '', ?, ?, 'en', '', ?, ?, ?)",
                values,
            )
            db.execute(
                "INSERT INTO cases_historicalsource (id, kind, title, outlet, author, dateline, "
                "byline, url, archive_url, published_at, updated_at, language, text, sha256, "
                "created_at, modified_at, history_date, history_type) VALUES (?, "
                "'official_statement', ?, '', '', '', '', '', '', ?, ?, 'en', '', ?, ?, ?, ?, '+')",
                (*values, STAMP),
            )

    migrate(url)

    expected = {
        "Published in the afternoon": ("2022-04-27", None),
        "Published late in Washington": ("2023-03-11", None),
        "Dated by an update": ("2021-02-06", None),
        "Undated": (None, None),
    }
    with sqlite3.connect(path) as db:
        for table in ("cases_source", "cases_historicalsource"):
            rows = db.execute(f"SELECT title, dated_on, utc_offset FROM {table}")
            assert {title: (day, offset) for title, day, offset in rows} == expected

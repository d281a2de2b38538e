"""Migration 0010: Person.birth_year becomes a partial birth date at year precision.

Run in fresh processes against a database of its own, so migrating back and
forth never touches the test database other tests share.
"""

import sqlite3

import pytest

from tests.test_settings import manage

BEFORE = "0008_list_filter_indexes"
ROWS = [
    (1, "Ivan Testov", "ivan-testov", 1961),
    (2, "Maria Testova", "maria-testova", 1990),
    (3, "Nameless Year", "nameless-year", None),
    (4, "Second Ivan", "second-ivan", 1961),
]
STAMP = "2024-01-01 00:00:00"


def migrate(url, *target):
    result = manage("migrate", *target, "--noinput", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_every_birth_year_becomes_a_date_at_year_precision_with_its_history(tmp_path):
    path = tmp_path / "registry.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url, "cases", BEFORE)
    with sqlite3.connect(path) as db:
        for pk, name, slug, year in ROWS:
            db.execute(
                "INSERT INTO cases_person (id, name, native_name, aliases, citizenships, "
                "birth_year, description, wikidata_id, slug, search_names, created_at, updated_at) "
                "VALUES (?, ?, '', '', '', ?, '', '', ?, '', ?, ?)",
                (pk, name, year, slug, STAMP, STAMP),
            )
            db.execute(
                "INSERT INTO cases_historicalperson (id, name, native_name, aliases, "
                "citizenships, birth_year, description, wikidata_id, slug, created_at, "
                "updated_at, history_date, history_type) "
                "VALUES (?, ?, '', '', '', ?, '', '', ?, ?, ?, ?, '+')",
                (pk, name, year, slug, STAMP, STAMP, STAMP),
            )

    migrate(url)
    expected = {
        "ivan-testov": ("1961-01-01", "year"),
        "maria-testova": ("1990-01-01", "year"),
        "nameless-year": (None, ""),
        "second-ivan": ("1961-01-01", "year"),
    }
    with sqlite3.connect(path) as db:
        for table in ("cases_person", "cases_historicalperson"):
            rows = db.execute(f"SELECT slug, birth_date, birth_date_precision FROM {table}")
            assert {slug: (date, precision) for slug, date, precision in rows} == expected

    migrate(url, "cases", BEFORE)
    with sqlite3.connect(path) as db:
        years = dict(db.execute("SELECT slug, birth_year FROM cases_person"))
    assert years == {slug: year for _, _, slug, year in ROWS}

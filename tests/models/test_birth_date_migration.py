"""Migration 0010: Person.birth_year becomes a partial birth date at year precision."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0008_list_filter_indexes")]
AFTER = [("cases", "0010_person_birth_date")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_birth_year_becomes_a_date_at_year_precision_with_its_history():
    old_apps = migrate(BEFORE)
    Person = old_apps.get_model("cases", "Person")
    HistoricalPerson = old_apps.get_model("cases", "HistoricalPerson")
    rows = [
        ("Ivan Testov", "ivan-testov", 1961),
        ("Maria Testova", "maria-testova", 1990),
        ("Nameless Year", "nameless-year", None),
        ("Second Ivan", "second-ivan", 1961),
    ]
    for name, slug, year in rows:
        person = Person.objects.create(name=name, slug=slug, birth_year=year)
        HistoricalPerson.objects.create(
            id=person.pk,
            name=name,
            slug=slug,
            birth_year=year,
            created_at=person.created_at,
            updated_at=person.updated_at,
            history_date=person.updated_at,
            history_type="+",
        )

    new_apps = migrate(AFTER)
    try:
        Person = new_apps.get_model("cases", "Person")
        HistoricalPerson = new_apps.get_model("cases", "HistoricalPerson")
        for model in (Person, HistoricalPerson):
            found = {
                row[0]: row[1:]
                for row in model.objects.values_list("slug", "birth_date", "birth_date_precision")
            }
            assert found == {
                "ivan-testov": (datetime.date(1961, 1, 1), "year"),
                "maria-testova": (datetime.date(1990, 1, 1), "year"),
                "nameless-year": (None, ""),
                "second-ivan": (datetime.date(1961, 1, 1), "year"),
            }

        old_apps = migrate(BEFORE)
        Person = old_apps.get_model("cases", "Person")
        assert dict(Person.objects.values_list("slug", "birth_year")) == {
            "ivan-testov": 1961,
            "maria-testova": 1990,
            "nameless-year": None,
            "second-ivan": 1961,
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

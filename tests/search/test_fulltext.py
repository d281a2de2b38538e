"""SQLite's word index of case documents (cases/search/fulltext.py) follows every write."""

import pytest
from django.core.management import call_command
from django.db import connection

from cases.models import Case
from cases.models.cases import refresh_search_text
from cases.search import fulltext
from cases.search.ranking import query_words, search_cases
from tests.factories import CaseFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own index"),
]


def indexed(word):
    """Ids of the cases the index (not the LIKE conditions) finds holding `word`."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {fulltext.TABLE} WHERE {fulltext.TABLE} MATCH %s",
            [fulltext.match_expression(query_words(word))],
        )
        return {row[0] for row in cursor.fetchall()}


def found(query):
    return {case.pk for case in search_cases(Case.objects.all(), query)}


def test_the_index_follows_creates_renames_and_deletes():
    case = CaseFactory(person=PersonFactory(name="Алексей Навальный"))
    assert indexed("Navalny") == {case.pk}
    case.person.name = "Paul Whelan"
    case.person.save()
    refresh_search_text(case.person)  # As every write path does.
    assert indexed("Navalny") == set()
    assert indexed("Whelan") == {case.pk}
    case.delete()
    assert indexed("Whelan") == set()


def test_a_search_finds_through_the_index_what_the_conditions_alone_find(monkeypatch):
    cases = [
        CaseFactory(person=PersonFactory(name=name), summary=summary)
        for name, summary in [
            ("Ivan Petrov", ""),
            ("Anna Smirnova", "Married to Ivan Petrov."),
            ("Petrov Pavel", "Son of Ivan."),
            ("Olga Ivanova", "Not a match: Petrova."),
        ]
    ]
    with_index = {query: found(query) for query in ["Ivan Petrov", "Petrov", "Ивана", "Olga"]}
    assert with_index["Ivan Petrov"] == {case.pk for case in cases[:3]}
    monkeypatch.setattr(fulltext, "FEW", -1)  # Too many: the conditions alone decide.
    assert {query: found(query) for query in with_index} == with_index


def test_a_word_many_cases_hold_is_left_to_the_list_order(monkeypatch):
    CaseFactory.create_batch(3, summary="Charged with espionage.")
    words = query_words("espionage")
    assert fulltext.holding_every_word(words, "default")
    monkeypatch.setattr(fulltext, "FEW", 2)
    assert not fulltext.holding_every_word(words, "default")
    assert len(found("espionage")) == 3


def test_install_puts_back_lost_triggers_and_indexes_what_was_written_meanwhile():
    call_command("load_seeds", verbosity=0)
    navalny = Case.objects.get(person__name__contains="Navalny")
    # As when Django rebuilds the case table to alter it: its triggers are gone.
    with connection.cursor() as cursor:
        for name in fulltext.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    written = CaseFactory(person=PersonFactory(name="Trevor Reed Junior"))
    assert indexed("Junior") == set()
    assert fulltext.install(connection) is True
    assert indexed("Junior") == {written.pk}
    assert navalny.pk in indexed("Navalny")
    assert fulltext.install(connection) is False


def test_the_migration_indexes_an_existing_registry():
    call_command("load_seeds", verbosity=0)
    fulltext.remove(connection)
    fulltext.install(connection)  # What migration 0019 runs on a database with cases.
    for case in Case.objects.all():
        for word in case.search_document.split():
            assert case.pk in indexed(word), (case, word)


def test_the_match_expression_is_every_word_as_any_of_its_keys():
    assert fulltext.match_expression([("navalni",), ("aleksei", "alekse")]) == (
        '("navalni") AND ("aleksei" OR "alekse")'
    )

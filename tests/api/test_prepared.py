"""PreparedRows gives what its queryset would, compiling its SQL once per number of ids."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.api.prepared import PreparedRows, read_together
from cases.api.representations import CITATION_FIELDS
from cases.models import Charge, Citation
from tests.factories import CaseFactory, ChargeFactory, CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    source = SourceFactory(
        published_at=datetime.datetime(2023, 5, 1, 12, 30, 15, 123456, tzinfo=datetime.UTC)
    )
    made = CaseFactory.create_batch(3)
    for number, case in enumerate(made):
        for _ in range(number + 1):
            ChargeFactory(
                case=case,
                charged_on=datetime.date(2020, 1, 1 + number),
                charged_on_precision="day",
            )
        CitationFactory(case=case, source=source)
    return made


def test_the_rows_are_those_of_the_queryset_with_dates_and_joined_fields(cases):
    ids = [case.pk for case in reversed(cases)]
    rows = PreparedRows(Citation.objects.values(*CITATION_FIELDS), "case_id")
    expected = list(Citation.objects.filter(case_id__in=ids).values(*CITATION_FIELDS))
    assert rows(ids) == expected
    # Time-zone aware, as the ORM gives it on every backend.
    assert rows(ids)[0]["source__published_at"].utcoffset() == datetime.timedelta(0)


def test_new_ids_are_run_with_the_same_sql_and_give_their_own_rows(cases):
    rows = PreparedRows(Charge.objects.values("id", "case_id"), "case_id")
    # PostgreSQL takes the ids as one array, so one statement serves any number of them.
    array = connection.vendor == "postgresql"
    assert {row["case_id"] for row in rows([cases[0].pk])} == {cases[0].pk}
    assert list(rows.compiled) == [("default", None if array else 1)]
    for case in cases[1:]:
        assert rows([case.pk]) == list(Charge.objects.filter(case=case).values("id", "case_id"))
    assert list(rows.compiled) == [("default", None if array else 1)]
    assert len(rows([cases[0].pk, cases[2].pk])) == 4
    assert set(rows.compiled) == (
        {("default", None)} if array else {("default", 1), ("default", 2)}
    )
    assert all(compiled is not None for compiled in rows.compiled.values())


def test_a_repeated_id_is_asked_for_once_and_no_ids_cost_no_query(cases):
    rows = PreparedRows(Charge.objects.values("id"), "case_id")
    assert len(rows([cases[1].pk, cases[1].pk])) == 2
    with CaptureQueriesContext(connection) as queries:
        assert rows([]) == []
    assert len(queries) == 0


def test_a_queryset_with_parameters_of_its_own_is_run_uncompiled(cases):
    rows = PreparedRows(Charge.objects.filter(charged_on__year=2020).values("id"), "case_id")
    assert len(rows([case.pk for case in cases])) == 6
    assert list(rows.compiled.values()) == [None]


def test_several_are_read_together_as_each_alone_in_one_pipeline_on_postgresql(cases, monkeypatch):
    ids = [case.pk for case in cases]
    charges = PreparedRows(Charge.objects.values("id", "case_id"), "case_id")
    citations = PreparedRows(Citation.objects.values(*CITATION_FIELDS), "case_id")
    uncompiled = PreparedRows(Charge.objects.filter(charged_on__year=2020).values("id"), "case_id")
    pipelines = []
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        pipeline = type(connection.connection).pipeline
        monkeypatch.setattr(
            type(connection.connection),
            "pipeline",
            lambda self: pipelines.append(self) or pipeline(self),
        )

    together = read_together([charges, citations, uncompiled], ids)

    assert together == [charges(ids), citations(ids), uncompiled(ids)]
    assert [len(rows) for rows in together] == [6, 3, 6]
    assert len(pipelines) == (1 if connection.vendor == "postgresql" else 0)
    assert read_together([charges, citations], []) == [[], []]

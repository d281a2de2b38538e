import datetime

import pytest
from django.db import connection

from cases.demo import generator
from cases.demo.generator import DemoDataGenerator
from cases.demo.rows import RowWriter
from cases.models import Case, Charge, Citation, Person
from cases.models.cases import DECIDED_OUTCOMES, HasDecidedCharge

pytestmark = pytest.mark.django_db


def block():
    return RowWriter([Person, Case, Charge]).block()


def test_new_makes_the_instance_the_model_would():
    rows = block()
    person = rows.new(Person, name="Anna Petrova", citizenships=["RU", "DE"])
    case = rows.new(Case, person=person, detained_on=datetime.date(2024, 3, 1), summary="Held.")
    model_made = Case(person=person, detained_on=datetime.date(2024, 3, 1), summary="Held.")

    assert case.person is person
    assert case.person_id == person.pk == 1
    assert case.status == model_made.status
    assert case.published is model_made.published
    assert case.build_search_document([]) == model_made.build_search_document([])
    assert case.detaining_country == model_made.detaining_country


def test_new_counts_keys_within_the_block_table_by_table():
    rows = block()
    person = rows.new(Person, name="Anna Petrova")
    first = rows.new(Case, person=person)
    second = rows.new(Case, person=person)

    assert (person.pk, first.pk, second.pk) == (1, 1, 2)
    assert [row[0] for row in rows.rows()[Case]] == [1, 2]


def test_new_refuses_a_field_the_model_does_not_have():
    with pytest.raises(TypeError, match="no field 'nickname'"):
        block().new(Person, name="Anna Petrova", nickname="Anya")


def test_blocks_are_written_after_the_rows_already_there():
    existing = Person.objects.create(name="Someone Real")
    writer = RowWriter([Person, Case, Charge])
    for name in ("First Block", "Second Block"):
        rows = writer.block()
        person = rows.new(Person, name=name, slug=name.lower().replace(" ", "-"))
        case = rows.new(Case, person=person, slug=f"case-of-{person.slug}")
        rows.new(Charge, case=case, description="espionage")
        writer.write([rows.rows()])
    writer.finish()

    people = list(Person.objects.order_by("pk"))
    assert [person.name for person in people] == ["Someone Real", "First Block", "Second Block"]
    assert [person.pk for person in people[1:]] == [existing.pk + 1, existing.pk + 2]
    for charge in Charge.objects.select_related("case__person"):
        assert charge.case.slug == f"case-of-{charge.case.person.slug}"
    assert Person.objects.create(name="Added Later").pk == existing.pk + 3


def schema():
    """The indexes, foreign keys and triggers (and whether each is on) of the tables the
    generator writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'cases_%%' "
            "UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text LIKE 'cases_%%' "
            "UNION ALL SELECT tgname || ' ' || tgenabled::text FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'cases_%%'"
        )
        return sorted(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's bulk load")
@pytest.mark.django_db(transaction=True)
def test_a_fresh_database_gets_its_indexes_and_foreign_keys_back_after_the_load(monkeypatch):
    monkeypatch.setattr(generator, "BLOCK_CASES", 8)
    before = schema()
    DemoDataGenerator(40, seed=3, batch_size=10, workers=2).run()

    assert schema() == before
    assert "charges_inserted_decided O" in before
    assert Case.objects.count() == 40
    # What the triggers keep, set for the rows loaded while they were off.
    decided = Case.objects.filter(charges__outcome__in=DECIDED_OUTCOMES).values_list("pk")
    assert set(Case.objects.filter(HasDecidedCharge()).values_list("pk")) == set(decided)
    assert decided
    # Every row came through, and points at rows that exist (the keys were checked again).
    assert Citation.objects.filter(case__person__isnull=False, source__isnull=False).count() == (
        Citation.objects.count()
    )
    assert Charge.objects.create(case=Case.objects.first(), description="fraud").pk > (
        Charge.objects.count() - 1
    )

"""Which cases have a decided charge: the column PostgreSQL's triggers keep (migration 0026).

`?outcome=convicted` starts its walk among those cases, so a case the column
missed would silently drop out of the filter: every way a charge can be
written must keep it right, including the ones that bypass Django.
"""

import importlib
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from cases.models import Case, Charge
from cases.models.cases import DECIDED_OUTCOMES, HasDecidedCharge
from cases.search.filters import CaseFilter
from tests.factories import CaseFactory, ChargeFactory
from tests.plans import plan_as_for_large_tables

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the column and its triggers are PostgreSQL's"
)
CONVICTED, PENDING = Charge.Outcome.CONVICTED, Charge.Outcome.PENDING


def with_decided_charge():
    return set(Case.objects.filter(HasDecidedCharge()).values_list("pk", flat=True))


def test_the_migration_names_the_decided_outcomes_of_the_model():
    migration = importlib.import_module("cases.migrations.0026_case_has_decided_charge")
    in_sql = ", ".join(f"'{outcome}'" for outcome in DECIDED_OUTCOMES)
    assert f"({in_sql})" == migration.DECIDED


@on_postgresql
@pytest.mark.django_db
def test_each_write_of_a_charge_keeps_its_case_right():
    first, second = CaseFactory(), CaseFactory()
    charge = ChargeFactory(case=first, outcome=PENDING)
    assert with_decided_charge() == set()

    charge.outcome = CONVICTED
    charge.save()
    assert with_decided_charge() == {first.pk}

    charge.case = second
    charge.save()
    assert with_decided_charge() == {second.pk}

    Charge.objects.filter(pk=charge.pk).update(outcome=Charge.Outcome.UNKNOWN)
    assert with_decided_charge() == set()

    Charge.objects.bulk_create(
        [Charge(case=first, description="Treason", outcome=Charge.Outcome.ACQUITTED)]
    )
    assert with_decided_charge() == {first.pk}

    charge.delete()
    Charge.objects.filter(case=first).delete()
    assert with_decided_charge() == set()


@on_postgresql
@pytest.mark.django_db
def test_a_case_keeps_it_while_any_of_its_charges_is_decided():
    case = CaseFactory()
    kept, removed = ChargeFactory.create_batch(2, case=case, outcome=Charge.Outcome.DROPPED)
    removed.delete()
    assert with_decided_charge() == {case.pk}
    kept.delete()
    assert with_decided_charge() == set()


@on_postgresql
@pytest.mark.django_db
def test_charges_written_in_sql_by_hand_count_too():
    case = CaseFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_charge (case_id, description, statute, outcome, sentence, "
            "charged_on_precision, decided_on_precision, certainty, created_at, updated_at) "
            "SELECT id, 'Espionage', '', 'convicted', '', '', '', 'confirmed', now(), now() "
            "FROM cases_case WHERE id = %s",
            [case.pk],
        )
    assert with_decided_charge() == {case.pk}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_write_to_the_same_cases_charges_is_counted():
    """One transaction adds a conviction while another removes the case's only other one:
    whichever commits last must see the conviction the first committed."""
    case = CaseFactory()
    other = ChargeFactory(case=case, outcome=CONVICTED)
    added = threading.Event()

    def add_a_conviction():
        try:
            with transaction.atomic():
                ChargeFactory(case=case, outcome=CONVICTED)
                added.set()
                # Long enough for the other transaction to reach the case's lock.
                threading.Event().wait(0.5)
        finally:
            connection.close()

    adding = threading.Thread(target=add_a_conviction)
    adding.start()
    assert added.wait(10)
    other.delete()
    adding.join()
    assert with_decided_charge() == {case.pk}


@pytest.fixture
def cases_with_charges():
    """Cases with charges of every outcome, one or two each, published or not."""
    outcomes = list(Charge.Outcome)
    for number in range(15):
        case = CaseFactory(published=number % 4 != 0)
        for offset in range(1 + number % 2):
            ChargeFactory(case=case, outcome=outcomes[(number + offset) % len(outcomes)])


@on_postgresql
@pytest.mark.django_db
@pytest.mark.usefixtures("cases_with_charges")
def test_the_list_filtered_by_outcome_is_the_same_as_without_the_column(client):
    for outcome in ["convicted", "acquitted,dropped", "pending"]:
        response = client.get(reverse("case-list"), {"outcome": outcome})
        listed = [row["id"] for row in response.json()["results"]]
        expected = list(
            Case.objects.published()
            .filter(charges__outcome__in=outcome.split(","))
            .distinct()
            .in_list_order()
            .values_list("pk", flat=True)
        )
        assert listed == expected and expected, outcome


@on_postgresql
@pytest.mark.django_db
@pytest.mark.usefixtures("cases_with_charges")
def test_a_decided_outcome_walks_the_index_of_cases_with_one():
    plan_as_for_large_tables()
    with connection.cursor() as cursor:
        # On a few rows the planner cannot tell this index from the searches' walk of
        # every published case (migration 0027), which it prices far above at scale.
        cursor.execute("DROP INDEX case_search_walk")  # Until the test's rollback.
    for params in [{"outcome": "convicted"}, {"charge": "espionage", "outcome": "convicted"}]:
        case_filter = CaseFilter(params, queryset=Case.objects.published().in_list_order())
        assert case_filter.is_valid()
        plan = case_filter.qs[:50].explain()
        assert "case_decided_order" in plan, plan

"""Check constraints decided in Python agree with the database, which Django asks otherwise."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CheckConstraint, F, Q
from django.test.utils import CaptureQueriesContext

from cases import models as registry
from cases.models.checks import UNDECIDED, evaluate, validate_check_constraint
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 2, 1)
LATER = datetime.date(2021, 3, 1)


def refused(validate, *args):
    try:
        validate(*args)
    except ValidationError:
        return True
    return False


def check_constraints(instance):
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            if isinstance(constraint, CheckConstraint):
                yield model, constraint


def unsaved_records():
    case = factories.CaseFactory()
    source = factories.SourceFactory()
    actor = factories.ActorFactory()
    charge = factories.ChargeFactory(case=case)
    return [
        registry.Charge(case=case, description="Espionage", outcome="convicted"),
        registry.Charge(case=case, description="", outcome="no such outcome"),
        registry.Charge(case=case, description="x", charged_on=LATER, decided_on=DAY),
        registry.Charge(case=case, description="x", charged_on=DAY, charged_on_precision="day"),
        registry.Charge(case=case, description="x", charged_on=DAY, charged_on_precision=""),
        registry.Charge(case=case, description="x", charged_on=None, charged_on_precision="day"),
        registry.Charge(case=case, description="x", certainty="rumoured"),
        registry.Case(person=case.person, status="nonsense", detained_on=LATER, released_on=DAY),
        registry.Case(person=case.person, detained_on=DAY, detained_on_precision="week"),
        registry.Event(case=case, kind="nonsense"),
        registry.Event(case=case, kind="arrest", occurred_on=DAY, occurred_on_precision="month"),
        registry.StatusChange(
            case=case, status="released", changed_on=None, changed_on_precision="day"
        ),
        registry.Position(case=case, actor=actor, stance="nonsense"),
        registry.Person(name="", birth_date=DAY, birth_date_precision=""),
        registry.Actor(name="Someone", kind="nonsense"),
        registry.Source(title="A", url="ftp://example.org/file", text="Some text."),
        registry.Source(title="A", url="https://example.org/page", text="Some text."),
        registry.Citation(
            case=case, source=source, charge=charge, event=registry.Event(case=case, pk=1)
        ),
        registry.Citation(case=case, source=source, quote="text", start=5, end=2),
    ]


def test_every_check_constraint_gives_the_answer_the_database_gives():
    refusals = 0
    for record in unsaved_records():
        for model, constraint in check_constraints(record):
            # Django's own validation: a query per constraint.
            expected = refused(constraint.validate, model, record)
            assert refused(validate_check_constraint, constraint, model, record) == expected, (
                constraint.name,
                record.__dict__,
            )
            refusals += expected
    assert refusals >= 15  # the records above break most constraints, one way or another


def test_the_checks_of_a_charge_need_no_query():
    charge = registry.Charge(
        case=factories.CaseFactory(), description="Espionage", outcome="convicted"
    )
    with CaptureQueriesContext(connection) as queries:
        charge.validate_constraints()
    assert len(queries) == 0


def test_sql_null_makes_a_comparison_unknown_and_an_unknown_check_passes():
    values = {"decided_on": None, "charged_on": DAY}
    assert evaluate(Q(decided_on__gte=F("charged_on")), values) is None
    assert evaluate(~Q(decided_on__gte=F("charged_on")), values) is None
    assert evaluate(Q(decided_on__isnull=True) | Q(decided_on__gte=F("charged_on")), values)
    assert evaluate(Q(decided_on__in=[DAY]), values) is None


def test_what_python_cannot_decide_as_sql_does_is_left_to_the_database():
    assert evaluate(Q(url__regex=r"^https?://"), {"url": "http://x"}) is UNDECIDED
    # Texts are ordered by the database's collation, not by Python's code points.
    assert evaluate(Q(name__gt="b"), {"name": "a"}) is UNDECIDED
    assert evaluate(Q(name__lower="a"), {"name": "A"}) is UNDECIDED

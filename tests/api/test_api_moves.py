"""A cited charge, event, position or status change stays in its case: its citations name that
case too."""

import pytest

from cases.models import Charge
from tests import factories
from tests.api.calls import patched

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "basename", "relation"),
    [
        (factories.ChargeFactory, "charge", "charge"),
        (factories.EventFactory, "event", "event"),
        (factories.PositionFactory, "position", "position"),
        (factories.StatusChangeFactory, "statuschange", "status_change"),
    ],
)
def test_moving_a_cited_fact_to_another_case_is_refused(editor_client, factory, basename, relation):
    fact = factory()
    citation = factories.CitationFactory(case=fact.case, **{relation: fact})
    other_case = factories.CaseFactory()

    response = patched(editor_client, basename, fact.pk, {"case": other_case.pk})

    assert response.status_code == 400
    assert "cannot move to another case" in response.json()["case"][0]
    fact.refresh_from_db()
    citation.refresh_from_db()
    assert fact.case_id == citation.case_id != other_case.pk


def test_an_uncited_fact_moves_freely(editor_client):
    charge = factories.ChargeFactory()
    other_case = factories.CaseFactory()

    response = patched(editor_client, "charge", charge.pk, {"case": other_case.pk})

    assert response.status_code == 200
    assert Charge.objects.get(pk=charge.pk).case_id == other_case.pk


def test_a_cited_fact_can_still_be_changed_within_its_case(editor_client):
    charge = factories.ChargeFactory()
    factories.CitationFactory(case=charge.case, charge=charge)

    response = patched(
        editor_client, "charge", charge.pk, {"case": charge.case_id, "statute": "Article 275"}
    )

    assert response.status_code == 200

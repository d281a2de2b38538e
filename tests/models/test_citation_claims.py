"""What a citation supports, asked one way: Citation.claim_kind, claim, claim_key and set_claim."""

import pytest

from cases.models import Citation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory", [factories.ChargeFactory, factories.EventFactory, factories.PositionFactory]
)
def test_a_citation_of_a_fact_supports_that_fact(factory):
    fact = factory()
    citation = factories.CitationFactory(case=fact.case, **{fact._meta.model_name: fact})

    assert citation.claim_kind == fact._meta.model_name
    assert citation.claim == fact
    assert citation.claim_key == f"{fact._meta.model_name}:{fact.pk}"
    assert list(Citation.objects.filter(citation.claim_kind.condition())) == [citation]


def test_a_citation_of_no_fact_supports_the_case_record():
    citation = factories.CitationFactory()
    factories.CitationFactory(
        charge=factories.ChargeFactory(case=citation.case), case=citation.case
    )

    assert citation.claim_kind == Citation.Claim.CASE
    assert citation.claim == citation.case
    assert citation.claim_key == f"case:{citation.case.pk}"
    assert list(Citation.objects.filter(Citation.Claim.CASE.condition())) == [citation]
    assert citation.case.record_citations() == [citation]


def test_the_kind_is_read_from_row_ids_alone():
    assert Citation.Claim.of(None, 4, None, None) == Citation.Claim.EVENT
    assert Citation.Claim.of(None, None, None, 7) == Citation.Claim.STATUS_CHANGE
    assert Citation.Claim.of(None, None, None, None) == Citation.Claim.CASE


def test_set_claim_moves_a_citation_from_a_fact_to_another_or_to_the_case():
    charge = factories.ChargeFactory()
    event = factories.EventFactory(case=charge.case)
    citation = factories.CitationFactory(case=charge.case, charge=charge)

    citation.set_claim(event)
    assert (citation.charge, citation.event, citation.position) == (None, event, None)

    other = factories.CaseFactory()
    citation.set_claim(other)
    assert (citation.case, citation.claim) == (other, other)

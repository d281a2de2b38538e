from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import Charge, Source
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    CitationFactory,
    EventFactory,
    PositionFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


def verify_citations(stdout):
    call_command("verify_citations", stdout=stdout)
    return stdout.getvalue()


def test_it_passes_when_every_quote_is_where_it_was_stored():
    CitationFactory()
    CitationFactory(quote="an interference in its domestic affairs")

    output = verify_citations(StringIO())

    assert "All 2 citation(s) found in their sources." in output


def test_citation_offsets_point_at_the_quote_in_the_text():
    citation = CitationFactory(quote="Blinken   called for the release of Paul Whelan")

    assert citation.source.text[citation.start : citation.end] == citation.quote
    assert citation.quote == "Blinken called for the release of Paul Whelan"


def test_editing_a_source_so_a_citation_breaks_is_refused():
    from django.core.exceptions import ValidationError

    citation = CitationFactory()
    source = citation.source
    source.text = source.text.replace("Paul Whelan", "a US citizen")

    with pytest.raises(ValidationError, match="would break 1 citation"):
        source.full_clean()


def test_it_lists_each_citation_whose_quote_left_the_text_and_fails():
    broken = CitationFactory()
    CitationFactory(quote="Lavrov and Blinken spoke on Thursday.")
    # An edit made around the model's checks, as a raw SQL fix or an old import would.
    text = broken.source.text.replace("release of Paul Whelan", "release of a US citizen")
    Source.objects.filter(pk=broken.source_id).update(text=text)
    stdout = StringIO()

    with pytest.raises(CommandError, match="1 of 2 citation"):
        verify_citations(stdout)

    output = stdout.getvalue()
    assert f"Citation #{broken.pk} in source #{broken.source_id}" in output
    assert "the passage is no longer in the source's text" in output


def test_a_quote_that_moved_away_from_its_offsets_is_broken_too():
    citation = CitationFactory(source=SourceFactory())
    Source.objects.filter(pk=citation.source_id).update(
        text="A new first paragraph.\n" + citation.source.text
    )
    stdout = StringIO()

    with pytest.raises(CommandError):
        verify_citations(stdout)

    assert "but the passage is now at" in stdout.getvalue()


@pytest.mark.parametrize(
    ("field", "make_fact", "named"),
    [
        ("charge", ChargeFactory, "charge"),
        ("event", EventFactory, "event"),
        ("position", PositionFactory, "position"),
        ("status_change", StatusChangeFactory, "status change"),
    ],
)
def test_it_reports_a_citation_filed_under_another_case_than_its_fact(field, make_fact, named):
    fact = make_fact()
    citation = CitationFactory(case=fact.case, **{field: fact})
    other_case = CaseFactory()
    # As a move of the fact before moves of cited facts were refused left it.
    type(fact).objects.filter(pk=fact.pk).update(case=other_case)

    with pytest.raises(CommandError, match="1 of 1 citation"):
        verify_citations(stdout := StringIO())

    assert f"Citation #{citation.pk} in source" in stdout.getvalue()
    assert f"{named} belongs to case #{other_case.pk}" in stdout.getvalue()


def test_a_citation_broken_twice_over_is_reported_once_for_its_passage():
    charge = ChargeFactory()
    citation = CitationFactory(case=charge.case, charge=charge)
    CitationFactory()
    Charge.objects.filter(pk=charge.pk).update(case=CaseFactory())
    text = citation.source.text.replace("release of Paul Whelan", "release of a US citizen")
    Source.objects.filter(pk=citation.source_id).update(text=text)

    with pytest.raises(CommandError, match="1 of 2 citation"):
        verify_citations(stdout := StringIO())

    output = stdout.getvalue()
    assert output.count(f"Citation #{citation.pk} ") == 1
    assert "the passage is no longer in the source's text" in output

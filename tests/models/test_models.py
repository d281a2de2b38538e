import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cases.models import Case, Citation, Person, Source
from cases.models.sources import text_sha256
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_quote_found_in_the_source_stores_its_offsets_and_exact_wording():
    source = factories.SourceFactory()
    citation = factories.CitationFactory(
        source=source, quote="Blinken  called for the release of\nPaul Whelan"
    )
    assert source.text[citation.start : citation.end] == citation.quote
    assert citation.quote == "Blinken called for the release of Paul Whelan"


def test_a_quote_not_in_the_source_is_refused_naming_the_source():
    source = factories.SourceFactory(title="Moscow open to better ties", outlet="China Daily")
    citation = Citation(source=source, case=factories.CaseFactory(), quote="Whelan was released")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "Moscow open to better ties" in str(error.value.message_dict["quote"])


def test_a_citation_of_a_charge_supports_that_charge():
    charge = factories.ChargeFactory()
    citation = Citation(
        source=factories.SourceFactory(),
        case=charge.case,
        charge=charge,
        quote="convicted of espionage",
    )
    citation.full_clean()
    assert citation.claim == charge


def test_a_citation_cannot_name_a_fact_of_another_case():
    charge = factories.ChargeFactory()
    citation = Citation(
        source=factories.SourceFactory(),
        case=factories.CaseFactory(),
        charge=charge,
        quote="convicted of espionage",
    )
    with pytest.raises(ValidationError, match="another case"):
        citation.full_clean()


def test_a_citation_supports_at_most_one_fact_in_the_database():
    case = factories.CaseFactory()
    citation = factories.CitationFactory(case=case)
    citation.charge = factories.ChargeFactory(case=case)
    citation.event = factories.EventFactory(case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        citation.save()


def test_released_before_detained_is_refused_by_validation():
    case = factories.CaseFactory.build(
        person=factories.PersonFactory(),
        detained_on=datetime.date(2021, 1, 17),
        released_on=datetime.date(2021, 1, 1),
        released_on_precision="day",
    )
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "released_on" in error.value.message_dict


def test_released_before_detained_is_refused_by_the_database():
    case = factories.CaseFactory(detained_on=datetime.date(2021, 1, 17))
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            released_on=datetime.date(2021, 1, 1), released_on_precision="day"
        )


def test_an_unknown_status_is_refused_by_the_database():
    case = factories.CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status="vanished")


def test_a_date_without_precision_is_refused_by_the_database():
    case = factories.CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(detained_on_precision="")


def test_a_month_precise_date_is_stored_as_the_first_of_the_month_and_shown_as_a_month():
    case = factories.CaseFactory.build(
        person=factories.PersonFactory(),
        detained_on=datetime.date(2021, 1, 17),
        detained_on_precision="month",
    )
    case.full_clean()
    assert case.detained_on == datetime.date(2021, 1, 1)
    assert case.display_date("detained_on") == "Jan 2021"


def test_a_date_typed_without_precision_is_taken_as_day_precise():
    case = factories.CaseFactory.build(person=factories.PersonFactory(), detained_on_precision="")
    case.full_clean()
    assert case.detained_on_precision == "day"


def test_a_precision_without_a_date_is_refused():
    case = factories.CaseFactory.build(
        person=factories.PersonFactory(), detained_on=None, detained_on_precision="year"
    )
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "detained_on_precision" in error.value.message_dict


def test_a_future_detention_date_is_refused():
    case = factories.CaseFactory.build(
        person=factories.PersonFactory(),
        detained_on=datetime.date.today() + datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "detained_on" in error.value.message_dict


def test_slugs_are_made_from_names_and_kept_unique():
    first = factories.CaseFactory(person=factories.PersonFactory(name="Paul Whelan"))
    second = factories.CaseFactory(person=first.person)
    assert first.slug == "paul-whelan-2018"
    assert second.slug == "paul-whelan-2018-2"
    assert factories.PersonFactory(name="Алексей Навальный").slug == "aleksei-navalnyi"


def test_a_slug_is_stable_when_the_name_changes():
    person = factories.PersonFactory(name="Alexey Navalny")
    person.name = "Alexei Navalny"
    person.save()
    assert person.slug == "alexey-navalny"


def test_a_person_may_hold_several_citizenships():
    person = factories.PersonFactory(citizenships=["US", "GB", "IE", "CA"])
    person.refresh_from_db()
    assert [country.code for country in person.citizenships] == ["US", "GB", "IE", "CA"]


def test_all_names_lists_every_spelling_once():
    person = Person(
        name="Alexei Navalny",
        native_name="Алексей Навальный",
        aliases="Navalny\n\nAlexei Navalny\n",
    )
    assert person.all_names == ["Alexei Navalny", "Алексей Навальный", "Navalny"]


def test_a_wikidata_id_must_look_like_one():
    person = factories.PersonFactory.build(wikidata_id="12345")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "wikidata_id" in error.value.message_dict


def test_the_source_digest_follows_its_text():
    source = factories.SourceFactory(text="Some text.")
    assert source.sha256 == text_sha256("Some text.")
    source.text = "Other text."
    source.save()
    assert source.sha256 == text_sha256("Other text.")


def test_the_same_text_cannot_be_stored_as_two_sources():
    factories.SourceFactory(text="Same text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SourceFactory(text="Same text.")


def test_sources_without_text_do_not_collide():
    factories.SourceFactory(text="")
    factories.SourceFactory(text="")
    assert Source.objects.filter(text="").count() == 2


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/a", "file:///etc/passwd"]
)
def test_only_http_urls_are_accepted(url):
    source = factories.SourceFactory.build(url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        source.save()


def test_a_cited_source_cannot_be_deleted():
    citation = factories.CitationFactory()
    with pytest.raises(ProtectedError):
        citation.source.delete()


def test_an_actor_with_positions_cannot_be_deleted():
    position = factories.PositionFactory()
    with pytest.raises(ProtectedError):
        position.actor.delete()


def test_an_actor_cannot_be_part_of_itself():
    parent = factories.ActorFactory()
    child = factories.ActorFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.full_clean()


def test_editing_a_source_so_a_citation_breaks_is_refused():
    citation = factories.CitationFactory()
    source = citation.source
    source.text = source.text.replace("Paul Whelan", "P. Whelan")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert f"#{citation.pk}" in str(error.value.message_dict["text"])


def test_editing_a_source_elsewhere_keeps_citations_valid():
    citation = factories.CitationFactory()
    source = citation.source
    source.text = "An added first line.\n" + source.text
    source.full_clean()


def test_published_cases_and_visibility():
    published = factories.CaseFactory(published=True)
    draft = factories.CaseFactory(published=False)
    assert list(Case.objects.published()) == [published]
    assert draft not in Case.objects.published()


def test_cited_sources_are_distinct_and_in_citation_order():
    case = factories.CaseFactory()
    first, second = factories.SourceFactory(), factories.SourceFactory()
    factories.CitationFactory(case=case, source=first)
    factories.CitationFactory(case=case, source=second, quote="Lavrov and Blinken")
    factories.CitationFactory(case=case, source=first, quote="Lavrov and Blinken")
    loaded = Case.objects.with_details().get(pk=case.pk)
    assert set(loaded.cited_sources()) == {first, second}
    assert len(loaded.cited_sources()) == 2


def test_an_edit_before_a_cited_passage_moves_its_offsets_with_it():
    citation = factories.CitationFactory()
    source = citation.source
    source.text = "An added first line.\n" + source.text
    source.full_clean()
    source.save()
    citation.refresh_from_db()
    assert source.text[citation.start : citation.end] == citation.quote

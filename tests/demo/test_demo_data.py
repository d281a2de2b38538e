from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from cases.demo import generator
from cases.demo.generator import DemoDataGenerator, delete_synthetic_data
from cases.demo.vocabulary import (
    MARK,
    OUTLET,
    REFERENCE_DATE,
    SLUG_PREFIX,
    feminine_surname,
    transliterate,
)
from cases.models import Actor, Case, Charge, Citation, Event, Person, Position, Source
from cases.search.ranking import search_cases
from cases.text.quotes import find_quote
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

CASES = 50


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    """Blocks of 16 cases, so that every test spans several (keys moved, a random generator each)."""
    monkeypatch.setattr(generator, "BLOCK_CASES", 16)


def generate(cases=CASES, seed=7, batch_size=1000, workers=0):
    return DemoDataGenerator(cases, seed=seed, batch_size=batch_size, workers=workers).run()


def fingerprint():
    """Everything generated, without primary keys or timestamps, in a stable order."""
    return {
        "cases": list(
            Case.objects.order_by("slug").values_list(
                "slug",
                "person__slug",
                "person__name",
                "person__native_name",
                "person__aliases",
                "person__citizenships",
                "status",
                "detaining_country",
                "detained_on",
                "released_on",
                "summary",
                "published",
            )
        ),
        "charges": sorted(
            Charge.objects.values_list("case__slug", "description", "outcome", "decided_on")
        ),
        "events": sorted(Event.objects.values_list("case__slug", "kind", "occurred_on")),
        "positions": sorted(
            Position.objects.values_list("case__slug", "actor__name", "stance", "stated_on")
        ),
        "citations": sorted(
            Citation.objects.values_list("case__slug", "source__title", "quote", "start", "end")
        ),
    }


def test_it_creates_the_requested_cases_with_people_facts_and_sources():
    counts = generate()

    assert Case.objects.count() == counts["cases"] == CASES
    assert CASES * 0.6 <= Person.objects.count() < CASES
    assert Charge.objects.count() >= CASES
    assert Event.objects.count() >= 2 * CASES
    assert Position.objects.count() >= CASES / 2
    assert Source.objects.count() >= CASES
    assert Citation.objects.count() >= 3 * CASES
    assert 100 <= Actor.objects.count() <= 400


def test_people_have_several_cases_citizenships_and_spellings():
    generate(cases=200)

    people = list(Person.objects.all())
    assert any(person.cases.count() > 1 for person in people)
    assert any(len(person.citizenships) > 1 for person in people)
    cyrillic = [person for person in people if any("а" <= c <= "я" for c in person.native_name)]
    assert len(cyrillic) > len(people) / 5
    # Names such as "Oleg Orlov" are spelled one way only.
    assert sum(1 for person in cyrillic if person.alias_list) > len(cyrillic) * 3 / 4


def test_a_person_detained_again_was_released_first():
    generate(cases=200)

    for person in Person.objects.all():
        cases = list(person.cases.order_by("pk"))  # created in the order they happened
        for earlier in cases[:-1]:
            assert earlier.status in (Case.Status.RELEASED, Case.Status.EXCHANGED)


def fingerprints(*runs):
    """The fingerprint of each run of the generator (given its arguments), each run
    made after the previous one's data was deleted."""
    prints = []
    for arguments in runs:
        if prints:
            delete_synthetic_data()
        generate(**arguments)
        prints.append(fingerprint())
    return prints


def test_the_same_seed_gives_the_same_data():
    first, second = fingerprints({"seed": 7}, {"seed": 7})
    assert second == first


def test_the_batch_size_does_not_change_the_data():
    first, second = fingerprints({"batch_size": 1000}, {"batch_size": 7})
    assert second == first


def test_the_number_of_worker_processes_does_not_change_the_data():
    first, second = fingerprints({"workers": 0}, {"workers": 2})
    assert second == first


def test_the_counts_reported_are_the_rows_written():
    counts = generate(workers=2)

    assert counts["cases"] == Case.objects.count() == CASES
    assert counts["citations"] == Citation.objects.count()
    assert counts["people"] == Person.objects.count()


def test_facts_and_citations_of_a_case_point_at_that_case():
    generate(cases=100)

    for model in (Charge, Event, Position):
        assert model.objects.count() == model.objects.filter(case__person__isnull=False).count()
    assert not Citation.objects.exclude(charge=None).exclude(charge__case=F("case")).exists()
    assert not Citation.objects.exclude(event=None).exclude(event__case=F("case")).exists()
    assert not Citation.objects.exclude(position=None).exclude(position__case=F("case")).exists()
    # Each case's news article opens with its own lead sentence.
    for case in Case.objects.all()[:20]:
        article = Citation.objects.filter(case=case, source__kind=Source.Kind.NEWS_ARTICLE)
        assert case.summary.startswith(f"{MARK} {article.filter(start=0).first().quote}")


def test_records_added_afterwards_get_the_next_keys():
    generate(cases=20)
    largest = Case.objects.order_by("-pk").values_list("pk", flat=True).first()

    assert CaseFactory().pk > largest


def test_another_seed_gives_other_data():
    first, second = fingerprints({"seed": 7}, {"seed": 8})
    assert second["cases"] != first["cases"]


def test_every_citation_quotes_its_source_at_its_offsets():
    generate()

    citations = list(Citation.objects.select_related("source"))
    assert citations
    for citation in citations:
        assert citation.source.text[citation.start : citation.end] == citation.quote
        assert find_quote(citation.source.text, citation.quote, citation.start) == (
            citation.start,
            citation.end,
        )


def test_every_record_passes_the_models_validation():
    generate(cases=20)

    for model in (Person, Case, Charge, Event, Actor, Position, Source, Citation):
        for record in model.objects.all():
            record.full_clean()


def test_nothing_is_dated_after_the_reference_date():
    generate(cases=200)

    assert not Case.objects.filter(detained_on__gt=REFERENCE_DATE).exists()
    assert not Case.objects.filter(released_on__gt=REFERENCE_DATE).exists()
    assert not Event.objects.filter(occurred_on__gt=REFERENCE_DATE).exists()
    assert not Position.objects.filter(stated_on__gt=REFERENCE_DATE).exists()


def test_everything_is_marked_synthetic():
    generate()

    assert all(slug.startswith(SLUG_PREFIX) for slug in Case.objects.values_list("slug", flat=True))
    assert all(
        slug.startswith(SLUG_PREFIX) for slug in Person.objects.values_list("slug", flat=True)
    )
    assert all(text.startswith(MARK) for text in Case.objects.values_list("summary", flat=True))
    assert all(
        text.startswith(MARK) for text in Person.objects.values_list("description", flat=True)
    )
    assert all(name.startswith(MARK) for name in Actor.objects.values_list("name", flat=True))
    assert set(Source.objects.values_list("outlet", flat=True)) == {OUTLET}
    assert all(
        "describes no real person" in text for text in Source.objects.values_list("text", flat=True)
    )


def test_search_keys_are_the_ones_save_would_derive():
    generate()

    for case in Case.objects.select_related("person"):
        assert case.search_document == case.build_search_document()
    person = Person.objects.first()
    stored = person.search_names
    person.save()
    person.refresh_from_db()
    assert person.search_names == stored


def test_synthetic_people_are_found_under_each_of_their_spellings():
    generate(cases=200)
    person = Person.objects.exclude(native_name="").exclude(aliases="").first()

    for spelling in [person.name, person.native_name, *person.alias_list]:
        assert search_cases(Case.objects.all(), spelling).filter(person=person).exists(), spelling


def test_transliteration_spells_a_name_the_ways_sources_do():
    assert transliterate("Воробьёв", "press") == "Vorobyov"
    assert transliterate("Горький", "press") == "Gorky"
    assert transliterate("Горький", "bgn") == "Gorkiy"
    assert transliterate("Воробьёв", "scholarly") == "Vorob'jov"
    assert transliterate("Ежов", "press") == "Yezhov"
    assert feminine_surname("Соколов") == "Соколова"
    assert feminine_surname("Чайковский") == "Чайковская"
    assert feminine_surname("Ткаченко") == "Ткаченко"


def test_the_command_reports_what_it_created():
    out = StringIO()

    call_command("generate_demo_data", cases=20, seed=3, stdout=out, stderr=StringIO())

    assert Case.objects.count() == 20
    assert "20 cases" in out.getvalue()


def test_the_command_refuses_a_database_with_real_cases():
    CaseFactory()

    with pytest.raises(CommandError, match="real case"):
        call_command("generate_demo_data", cases=5, stdout=StringIO(), stderr=StringIO())
    assert Case.objects.count() == 1


def test_the_command_mixes_in_synthetic_cases_only_when_forced():
    CaseFactory()

    call_command("generate_demo_data", cases=5, force=True, stdout=StringIO(), stderr=StringIO())

    assert Case.objects.count() == 6


def test_the_command_refuses_to_add_to_existing_synthetic_data():
    generate(cases=5)

    with pytest.raises(CommandError, match="--clear"):
        call_command("generate_demo_data", cases=5, stdout=StringIO(), stderr=StringIO())


def test_clear_removes_every_synthetic_record_and_nothing_else():
    real = CaseFactory()
    generate(cases=20)

    call_command(
        "generate_demo_data", cases=0, clear=True, force=True, stdout=StringIO(), stderr=StringIO()
    )

    assert list(Case.objects.all()) == [real]
    assert list(Person.objects.all()) == [real.person]
    assert not Source.objects.filter(outlet=OUTLET).exists()
    assert not Actor.objects.filter(name__startswith=MARK).exists()
    assert not Citation.objects.exists()

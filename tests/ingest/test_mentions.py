import pytest

from cases.ingest.mentions import accept_link, mentioned_people, reject_link, suggest_links
from cases.models import SourceLink
from tests.factories import CaseFactory, PersonFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_finds_a_person_by_a_possessive():
    whelan = PersonFactory(name="Paul Whelan")

    assert mentioned_people("Paul Whelan's brother spoke.") == {whelan: ["Paul Whelan"]}


def test_it_finds_a_person_by_an_alias():
    person = PersonFactory(name="Evan Gershkovich", aliases="Evan G.\nЭван Гершкович\n")

    assert mentioned_people("Эван Гершкович is held in Lefortovo.") == {person: ["Эван Гершкович"]}


def test_it_finds_a_person_by_the_native_script_name_alone():
    navalny = PersonFactory(name="Alexei Navalny", native_name="Алексей Навальный")

    assert mentioned_people("Навальный вернулся в Россию.") == {navalny: ["Навальный"]}


def test_it_ignores_names_that_are_not_registered():
    PersonFactory(name="Ivan Petrov")

    assert mentioned_people("Vladimir Putin and Joe Biden spoke.") == {}


def test_a_surname_shared_by_two_people_is_not_enough():
    PersonFactory(name="Trevor Reed")
    PersonFactory(name="Reed Hastings")

    assert mentioned_people("Reed was freed.") == {}


def test_it_suggests_every_case_of_a_mentioned_person():
    whelan = PersonFactory(name="Paul Whelan")
    first, second = CaseFactory(person=whelan), CaseFactory(person=whelan)
    source = SourceFactory(text="Paul Whelan was sentenced. Whelan denies it.")

    suggestions = suggest_links(source)

    assert {s.link.case for s in suggestions} == {first, second}
    assert all(s.created for s in suggestions)
    assert {s.link.matched_names for s in suggestions} == {"Paul Whelan, Whelan"}
    assert {s.link.status for s in suggestions} == {SourceLink.Status.SUGGESTED}


def test_it_reads_the_title_too():
    case = CaseFactory(person=PersonFactory(name="Trevor Reed"))
    source = SourceFactory(title="Trevor Reed freed", text="The former Marine flew home.")

    assert [s.link.case for s in suggest_links(source)] == [case]


def test_suggesting_again_creates_nothing_and_keeps_reviews():
    case = CaseFactory(person=PersonFactory(name="Paul Whelan"))
    source = SourceFactory(text="Paul Whelan was sentenced.")
    [suggestion] = suggest_links(source)
    reject_link(suggestion.link)

    [again] = suggest_links(source)

    assert not again.created
    assert SourceLink.objects.get(source=source, case=case).status == SourceLink.Status.REJECTED


def test_accepting_a_suggestion_links_the_source_and_records_the_reviewer():
    CaseFactory(person=PersonFactory(name="Paul Whelan"))
    [suggestion] = suggest_links(SourceFactory(text="Paul Whelan was sentenced."))
    editor = UserFactory()

    accept_link(suggestion.link, editor)

    link = SourceLink.objects.get()
    assert link.status == SourceLink.Status.ACCEPTED
    assert link.reviewed_by == editor
    assert link.reviewed_at is not None


def test_find_mentions_suggests_links_for_existing_sources():
    from io import StringIO

    from django.core.management import call_command

    source = SourceFactory(text="Trevor Reed was exchanged.")
    case = CaseFactory(person=PersonFactory(name="Trevor Reed"))
    stdout = StringIO()

    call_command("find_mentions", stdout=stdout)
    call_command("find_mentions", str(source.pk), stdout=stdout)

    assert SourceLink.objects.get().case == case
    assert f"suggests case {case.slug} (Trevor Reed)" in stdout.getvalue()
    assert stdout.getvalue().endswith("0 new link suggestion(s).\n")

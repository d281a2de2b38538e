"""Names one can read, and slugs derived from them in one query however common the name."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Actor, Person
from cases.models.base import unique_slug
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

RIGHT_TO_LEFT_OVERRIDE = "\u202e"
ZERO_WIDTH_SPACE = "\u200b"
ZERO_WIDTH_JOINER = "\u200d"


def slug_queries(name):
    with CaptureQueriesContext(connection) as captured:
        slug = unique_slug(Person(name=name), name)
    return slug, len(captured)


def test_the_400th_namesake_costs_the_same_queries_as_the_first():
    first_slug, first_queries = slug_queries("Ivan Petrov")
    Person.objects.bulk_create(
        Person(name="Ivan Petrov", slug="ivan-petrov" if n == 1 else f"ivan-petrov-{n}")
        for n in range(1, 400)
    )

    slug, queries = slug_queries("Ivan Petrov")

    assert first_slug == "ivan-petrov"
    assert slug == "ivan-petrov-400"
    assert queries == first_queries == 1


def test_a_gap_in_the_numbers_is_filled_and_other_names_are_not_counted():
    Person.objects.bulk_create(
        Person(name=name, slug=slug)
        for name, slug in [
            ("Ivan Petrov", "ivan-petrov"),
            ("Ivan Petrov", "ivan-petrov-3"),
            ("Ivan Petrova", "ivan-petrova"),
        ]
    )
    assert slug_queries("Ivan Petrov")[0] == "ivan-petrov-2"


def test_numbered_slugs_of_a_long_name_stay_within_the_column():
    name = "Ivan " + "Petrov" * 20
    for _ in range(3):
        person = Person(name=name)
        person.full_clean()
        person.save()
    slugs = list(Person.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 3
    assert all(len(slug) <= 80 for slug in slugs)


@pytest.mark.parametrize(
    "name",
    [RIGHT_TO_LEFT_OVERRIDE * 3, ZERO_WIDTH_SPACE, ZERO_WIDTH_JOINER * 2, "\u2066\u2069", "  "],
)
def test_a_name_of_invisible_characters_only_is_refused(name):
    person = Person(name=name)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "name" in refused.value.message_dict
    assert not Person.objects.exists()


def test_bidi_overrides_are_stripped_from_every_name():
    person = Person(
        name=f"Ivan{RIGHT_TO_LEFT_OVERRIDE} Petrov",
        native_name="\u2067Иван Петров\u2069",
        aliases=f"I. Petrov{ZERO_WIDTH_SPACE}\n{RIGHT_TO_LEFT_OVERRIDE}",
    )
    person.full_clean()
    assert person.name == "Ivan Petrov"
    assert person.native_name == "Иван Петров"
    assert person.aliases == "I. Petrov"
    assert person.slug == "ivan-petrov"


def test_joiners_that_spell_a_script_are_kept():
    person = Person(name="Mehdi", native_name="مهدی\u200cزاده")
    person.full_clean()
    assert person.native_name == "مهدی\u200cزاده"


def test_an_actor_name_is_cleaned_the_same_way():
    actor = ActorFactory.build(name=f"{RIGHT_TO_LEFT_OVERRIDE}Council")
    actor.full_clean()
    assert actor.name == "Council"
    with pytest.raises(ValidationError):
        ActorFactory.build(name=ZERO_WIDTH_SPACE).full_clean()
    assert not Actor.objects.exists()


def test_the_api_refuses_an_invisible_name(editor_client):
    response = editor_client.post(
        "/api/v1/people/", {"name": RIGHT_TO_LEFT_OVERRIDE}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["name"] == ["A name needs at least one visible letter."]

"""Each way a draft was found from outside (issue 13, finding 1), and the rule that closes it.

The rule (cases.models.visibility): a source is public only if a published case
cites it, an actor only if it has a position on one (or is a body such an
actor is part of); editors and viewers see everything.
"""

import pytest
from django.urls import reverse

from cases.models import Actor, Citation, Person, Position, Source, SourceLink, can_see_drafts
from tests.factories import (
    ActorFactory,
    CaseFactory,
    CitationFactory,
    PositionFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_source():
    return CitationFactory(
        case=CaseFactory(published=False),
        source=SourceFactory(title="Zorbulak held", outlet="Ombrelith Gazette"),
    ).source


@pytest.fixture
def draft_actor():
    return PositionFactory(
        case=CaseFactory(published=False), actor__name="Thraxwell Directorate"
    ).actor


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_source_only_a_draft_cites_is_not_listed(api_client, draft_source):
    public = CitationFactory().source
    assert ids(api_client.get(reverse("source-list"))) == {public.id}


@pytest.mark.parametrize("view", ["source-detail", "source-history"])
def test_a_source_only_a_draft_cites_and_its_history_are_not_found(api_client, draft_source, view):
    response = api_client.get(reverse(view, args=[draft_source.id]))
    assert response.status_code == 404


@pytest.mark.parametrize("params", [{"search": "Zorbulak"}, {"outlet": "ombrelith gazette"}])
def test_searching_sources_for_a_drafts_words_finds_nothing(api_client, draft_source, params):
    assert ids(api_client.get(reverse("source-list"), params)) == set()


def test_an_actor_only_a_draft_uses_is_not_listed_nor_found(api_client, draft_actor):
    public = PositionFactory().actor
    assert ids(api_client.get(reverse("actor-list"))) == {public.id}
    assert api_client.get(reverse("actor-detail", args=[draft_actor.id])).status_code == 404
    assert api_client.get(reverse("actor-history", args=[draft_actor.id])).status_code == 404


def test_the_index_answers_a_draft_only_source_as_a_source_that_does_not_exist(
    client, draft_source
):
    CaseFactory()
    hidden = client.get("/", {"source": draft_source.id})
    missing = client.get("/", {"source": draft_source.id + 1000})
    assert hidden.status_code == missing.status_code == 400
    assert "Zorbulak" not in hidden.content.decode()


@pytest.mark.parametrize("url", ["case-list", "position-list"])
def test_the_api_answers_a_draft_only_actor_as_one_that_does_not_exist(
    api_client, draft_actor, url
):
    hidden = api_client.get(reverse(url), {"actor": draft_actor.id})
    missing = api_client.get(reverse(url), {"actor": draft_actor.id + 1000})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["actor"][0].replace(str(draft_actor.id), "N") == missing.json()["actor"][
        0
    ].replace(str(draft_actor.id + 1000), "N")


def test_the_browsable_api_offers_no_draft_only_source_or_actor_as_a_filter(
    api_client, draft_source, draft_actor
):
    CaseFactory()
    page = api_client.get(reverse("case-list"), {"format": "api"}).content.decode()
    assert "Zorbulak held" not in page
    assert "Thraxwell" not in page


def test_editors_and_viewers_see_draft_only_sources_and_actors(draft_source, draft_actor):
    for group in ["viewers", "editors"]:
        user = UserFactory(groups=[group])
        assert can_see_drafts(user)
        assert draft_source in Source.objects.visible_to(user)
        assert draft_actor in Actor.objects.visible_to(user)


def test_a_body_above_a_public_actor_is_public_at_any_depth_but_not_below_it():
    state = ActorFactory(name="State")
    ministry = ActorFactory(name="Ministry", parent=state)
    official = ActorFactory(name="Official", parent=ministry)
    ActorFactory(name="Office under the official", parent=official)
    PositionFactory(actor=official)
    public = Actor.objects.visible_to(None)
    assert set(public.values_list("name", flat=True)) == {"State", "Ministry", "Official"}


def test_a_link_alone_does_not_make_a_source_public():
    linked = SourceFactory()
    SourceLink.objects.create(source=linked, case=CaseFactory(), status="accepted")
    assert not Source.objects.visible_to(None).filter(pk=linked.pk).exists()
    assert not SourceLink.objects.visible_to(None).exists()


def test_people_and_facts_are_public_through_a_published_case_only():
    draft = PositionFactory(case=CaseFactory(published=False))
    CitationFactory(case=draft.case)
    nobody = UserFactory()
    assert not can_see_drafts(nobody)
    assert not Person.objects.visible_to(nobody).exists()
    assert not Position.objects.visible_to(nobody).exists()
    assert not Citation.objects.visible_to(nobody).exists()

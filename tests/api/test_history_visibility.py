"""What the public reads of a record's history: only what was public, with no hidden record or editor named."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "Prepubsecret internal note: source is our contact Ivan"


def history(client, record, name=None, **params):
    name = name or record._meta.model_name
    key = record.slug if name in ("case", "person") else record.pk
    response = client.get(reverse(f"{name}-history", args=[key]), params)
    assert response.status_code == 200, response.content
    return response.json()


def changes(entry):
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def save(record, **values):
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


@pytest.fixture
def staff_client():
    client = APIClient()
    client.force_authenticate(factories.UserFactory(groups=["viewers"]))
    return client


@pytest.fixture
def plain_client():
    """Signed in, but without the permission to see drafts."""
    client = APIClient()
    client.force_authenticate(factories.UserFactory())
    return client


def test_a_case_written_as_a_draft_shows_the_public_only_its_published_versions(
    api_client, staff_client
):
    case = factories.CaseFactory(published=False, summary=SECRET)
    save(case, summary="Clean public summary")
    save(case, published=True)
    save(case, place="Lefortovo")

    body = history(api_client, case)

    assert body["count"] == 2
    edited, published = body["results"]
    assert changes(edited) == {"place": ("Moscow", "Lefortovo")}
    # The draft era is folded into the first public version, given as the creation.
    assert published["type"] == "created"
    assert changes(published)["summary"] == (None, "Clean public summary")
    assert changes(published)["published"] == (None, True)
    assert "Prepubsecret" not in json.dumps(body)
    assert history(staff_client, case)["count"] == 4
    assert SECRET in json.dumps(history(staff_client, case))


def test_a_case_unpublished_edited_and_republished_shows_one_change_from_public_to_public(
    api_client, staff_client
):
    case = factories.CaseFactory(summary="First public summary")
    save(case, published=False)
    save(case, summary=SECRET)
    save(case, summary="Second public summary", place="Lefortovo")
    save(case, published=True)

    body = history(api_client, case)

    assert body["count"] == 2
    republished, created = body["results"]
    assert republished["type"] == "changed"
    assert changes(republished) == {
        "place": ("Moscow", "Lefortovo"),
        "summary": ("First public summary", "Second public summary"),
    }
    assert created["type"] == "created"
    assert "Prepubsecret" not in json.dumps(body)
    staff_entries = history(staff_client, case)["results"]
    assert len(staff_entries) == 5
    assert changes(staff_entries[-2]) == {"published": (True, False)}


def test_the_count_and_pages_of_a_public_history_are_those_of_what_is_shown(api_client):
    case = factories.CaseFactory(published=False)
    for number in range(5):
        save(case, summary=f"Draft {number}")
    save(case, published=True)
    for number in range(3):
        save(case, summary=f"Public {number}")

    first = history(api_client, case, page_size=2)
    second = history(api_client, case, page_size=2, page=2)

    assert first["count"] == 4 and second["next"] is None
    entries = first["results"] + second["results"]
    assert [entry["type"] for entry in entries] == ["changed"] * 3 + ["created"]
    # The oldest on the first page is compared with the newest on the second.
    assert changes(entries[1]) == {"summary": ("Public 0", "Public 1")}
    assert changes(entries[2]) == {"summary": ("Draft 4", "Public 0")}


def test_a_charge_moved_from_a_draft_case_shows_neither_the_draft_nor_its_id(
    api_client, staff_client
):
    draft, public = factories.CaseFactory(published=False), factories.CaseFactory()
    charge = factories.ChargeFactory(case=draft, description=SECRET)
    save(charge, description="Espionage")
    save(charge, case=public)

    body = history(api_client, charge)

    assert body["count"] == 1
    (moved,) = body["results"]
    assert moved["type"] == "created"
    assert changes(moved)["case"] == (None, public.pk)
    assert changes(moved)["description"] == (None, "Espionage")
    assert "Prepubsecret" not in json.dumps(body)
    staff_entries = history(staff_client, charge)["results"]
    assert changes(staff_entries[0]) == {"case": (draft.pk, public.pk)}


def test_a_reference_to_a_case_unpublished_since_is_given_as_null(api_client, staff_client):
    first, second = factories.CaseFactory(), factories.CaseFactory()
    charge = factories.ChargeFactory(case=first)
    save(charge, case=second)
    save(first, published=False)

    moved, created = history(api_client, charge)["results"]

    assert changes(moved) == {"case": (None, second.pk)}
    assert changes(created)["case"] == (None, None)
    assert changes(history(staff_client, charge)["results"][0]) == {"case": (first.pk, second.pk)}


def test_the_facts_of_a_case_show_nothing_written_while_the_case_was_a_draft(api_client):
    case = factories.CaseFactory()
    event = factories.EventFactory(case=case, description="Arrested at the airport.")
    save(case, published=False)
    save(event, description=SECRET)
    save(event, description="Arrested at home.")
    save(case, published=True)

    body = history(api_client, event)

    assert body["count"] == 2
    assert changes(body["results"][0]) == {
        "description": ("Arrested at the airport.", "Arrested at home.")
    }
    assert "Prepubsecret" not in json.dumps(body)


def test_a_position_whose_actor_only_drafts_use_now_gives_that_actor_as_null(
    api_client, staff_client
):
    hidden_actor, public_actor = factories.ActorFactory(), factories.ActorFactory()
    position = factories.PositionFactory(actor=hidden_actor)
    save(position, actor=public_actor)
    factories.PositionFactory(case__published=False, actor=hidden_actor)

    body = history(api_client, position)

    changed, created = body["results"]
    assert changes(changed) == {"actor": (None, public_actor.pk)}
    assert changes(created)["actor"] == (None, None)
    assert hidden_actor.pk not in [
        value for entry in body["results"] for value in changes(entry)["actor"]
    ]
    staff_changed = history(staff_client, position)["results"][0]
    assert changes(staff_changed) == {"actor": (hidden_actor.pk, public_actor.pk)}


def test_an_actor_shows_no_version_from_before_a_published_case_named_it(api_client, staff_client):
    actor = factories.ActorFactory(role=SECRET)
    factories.PositionFactory(case__published=False, actor=actor)
    save(actor, role="Minister")
    factories.PositionFactory(actor=actor)
    save(actor, role="Deputy minister")

    body = history(api_client, actor)

    assert body["count"] == 2
    changed, created = body["results"]
    assert changes(created)["role"] == (None, "Minister")
    assert changes(changed) == {"role": ("Minister", "Deputy minister")}
    assert "Prepubsecret" not in json.dumps(body)
    assert history(staff_client, actor)["count"] == 3


def test_a_body_is_public_from_when_a_published_case_named_an_actor_below_it(api_client):
    body_record = factories.ActorFactory(name=SECRET, kind="organisation")
    member = factories.ActorFactory(parent=body_record)
    save(body_record, name="Ministry of Foreign Affairs")
    factories.PositionFactory(actor=member)

    body = history(api_client, body_record, "actor")

    assert body["count"] == 1
    assert changes(body["results"][0])["name"] == (None, "Ministry of Foreign Affairs")


def test_a_source_shows_no_version_from_before_a_published_case_cited_it(api_client, staff_client):
    source = factories.SourceFactory(title=SECRET)
    factories.CitationFactory(source=source, case__published=False)
    save(source, title="Blinken calls for Whelan's release")
    factories.CitationFactory(source=source)
    save(source, outlet="Reuters")

    body = history(api_client, source)

    assert body["count"] == 2
    changed, created = body["results"]
    assert changes(created)["title"] == (None, "Blinken calls for Whelan's release")
    assert changes(changed) == {"outlet": ("Test Outlet", "Reuters")}
    assert "Prepubsecret" not in json.dumps(body)
    assert history(staff_client, source)["count"] == 3


def test_a_person_shows_no_version_from_before_their_case_was_published(api_client):
    case = factories.CaseFactory(published=False, person__name=SECRET)
    save(case.person, name="Paul Whelan")
    save(case, published=True)

    body = history(api_client, case.person, "person")

    assert body["count"] == 1
    assert changes(body["results"][0])["name"] == (None, "Paul Whelan")


@pytest.mark.parametrize("client_name", ["api_client", "plain_client"])
def test_the_editors_a_case_names_are_hidden_from_the_public(request, client_name, staff_client):
    anna, boris = factories.UserFactory(), factories.UserFactory()
    case = factories.CaseFactory(assigned_to=anna)
    # A version recorded by earlier code, which kept the submitter of a published case.
    case.history.update(submitted_by=anna)
    save(case, assigned_to=boris)
    source = factories.CitationFactory(case=case, source__assigned_to=anna).source
    client = request.getfixturevalue(client_name)

    reassigned, created = history(client, case)["results"]

    assert reassigned["user"] is None
    # Only the assignment and the submitter changed, which the public may not see.
    assert reassigned["changes"] == []
    assert changes(created)["assigned_to"] == (None, None)
    assert changes(created)["submitted_by"] == (None, None)
    assert changes(history(client, source)["results"][0])["assigned_to"] == (None, None)
    staff_reassigned, staff_created = history(staff_client, case)["results"]
    assert changes(staff_reassigned) == {
        "assigned_to": (anna.pk, boris.pk),
        "submitted_by": (anna.pk, None),
    }
    assert changes(staff_created)["submitted_by"] == (None, anna.pk)
    assert changes(history(staff_client, source)["results"][0])["assigned_to"] == (None, anna.pk)


def test_the_public_history_of_a_case_stays_within_a_fixed_number_of_queries(
    api_client, django_assert_max_num_queries
):
    case = factories.CaseFactory(published=False)
    for number in range(31):
        save(case, summary=f"Version {number}", published=number % 3 == 0)

    # Count, page, the version before the page, and the people referred to.
    with django_assert_max_num_queries(4):
        history(api_client, case)


def test_a_fact_written_in_a_draft_shows_the_version_that_stood_when_the_case_was_published(
    api_client,
):
    case = factories.CaseFactory(published=False)
    charge = factories.ChargeFactory(case=case, description=SECRET)
    save(charge, description="Espionage")
    save(case, published=True)

    body = history(api_client, charge)

    # Its values became public with the case; the draft before them did not.
    assert body["count"] == 1
    assert changes(body["results"][0])["description"] == (None, "Espionage")

"""Writes racing each other: a retried slug, a 409 or a 400, never a 500 or a deadlock.

The unit tests stand in for the race (the check before the write passed, the
write then meets what another transaction committed meanwhile); the PostgreSQL
tests race real threads, each with its own connection.
"""

import threading

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from rest_framework.test import APIClient

from cases.api.serializers import SourceSerializer
from cases.models import Actor, Person, Source
from tests.factories import ActorFactory, CaseFactory, PersonFactory, SourceFactory, UserFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="races need concurrent transactions; SQLite serialises writers (transaction_mode IMMEDIATE)",
)


@pytest.mark.django_db
def test_a_slug_taken_meanwhile_is_derived_again():
    PersonFactory(name="Ivan Petrov")
    # The slug this record was given was free when it was read.
    late = Person(name="Ivan Petrov", slug="ivan-petrov")
    late.save()
    assert late.slug == "ivan-petrov-2"
    assert late.history.get().slug == "ivan-petrov-2"


@pytest.mark.django_db
def test_a_case_slug_taken_meanwhile_is_derived_again():
    first = CaseFactory()
    late = CaseFactory.build(person=first.person, detained_on=first.detained_on, slug=first.slug)
    late.save()
    assert late.slug == f"{first.slug}-2"


@pytest.mark.django_db
def test_a_slug_someone_chose_is_not_replaced_silently():
    PersonFactory(name="Ivan Petrov", slug="the-chosen-one")
    with pytest.raises(IntegrityError):
        Person(name="Someone Else", slug="the-chosen-one").save()


@pytest.mark.django_db
def test_the_same_source_text_posted_at_once_is_a_409(editor_client, monkeypatch):
    existing = SourceFactory()
    # As if the other request committed after this one's duplicate check.
    monkeypatch.setattr(SourceSerializer, "validate_text", lambda self, text: text)
    monkeypatch.setattr(Source, "validate_constraints", lambda self, exclude=None: None)
    response = editor_client.post(
        reverse("source-list"), {"title": "Again", "text": existing.text}, format="json"
    )
    assert response.status_code == 409
    assert "nothing was written" in response.json()["detail"]


def race(count, request):
    """Run `request(n)` in `count` threads at once; their responses, in order."""
    barrier = threading.Barrier(count)
    responses = [None] * count

    def run(n):
        barrier.wait()
        try:
            responses[n] = request(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def superuser_client():
    client = APIClient()
    client.force_authenticate(UserFactory(is_superuser=True))
    return client


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_people_of_the_same_name_created_at_once_all_get_slugs():
    clients = [superuser_client() for _ in range(6)]
    responses = race(6, lambda n: clients[n].post(reverse("person-list"), {"name": "Ivan Petrov"}))

    assert [response.status_code for response in responses] == [201] * 6
    slugs = sorted(response.json()["slug"] for response in responses)
    assert slugs == sorted(["ivan-petrov", *(f"ivan-petrov-{n}" for n in range(2, 7))])


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_source_text_created_at_once_is_stored_once():
    clients = [superuser_client() for _ in range(4)]
    body = {"title": "Statement", "text": "One text, posted four times at once."}
    responses = race(4, lambda n: clients[n].post(reverse("source-list"), body, format="json"))

    statuses = sorted(response.status_code for response in responses)
    assert statuses.count(201) == 1
    assert set(statuses) <= {201, 400, 409}


def cross_parents(a, b):
    """A under B and B under A, sent at the same moment; the two responses."""
    clients = [superuser_client() for _ in range(2)]
    changes = [(a, b), (b, a)]
    return race(
        2,
        lambda n: clients[n].patch(
            reverse("actor-detail", args=[changes[n][0].pk]),
            {"parent": changes[n][1].pk},
            format="json",
        ),
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_crossing_parent_changes_neither_deadlock_nor_make_a_cycle():
    for _ in range(5):
        a, b = ActorFactory(), ActorFactory()
        responses = cross_parents(a, b)
        assert sorted(response.status_code for response in responses) == [200, 400]
        parents = dict(Actor.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "parent"))
        assert not (parents[a.pk] == b.pk and parents[b.pk] == a.pk)

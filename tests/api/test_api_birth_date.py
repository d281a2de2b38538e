"""A person's birth date is partial; `birth_year` stays in the API for existing clients."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import Person
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def editor_client():
    client = APIClient()
    client.force_authenticate(UserFactory(groups=["editors"]))
    return client


def test_a_birth_date_known_to_the_month_is_read_with_its_year():
    person = PersonFactory()
    url = reverse("person-detail", args=[person.slug])
    response = editor_client().patch(
        url, {"birth_date": "1961-06-14", "birth_date_precision": "month"}, format="json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["birth_date"] == "1961-06-01"
    assert data["birth_date_precision"] == "month"
    assert data["birth_year"] == 1961


def test_writing_a_birth_year_still_sets_the_birth_date_at_year_precision():
    person = PersonFactory()
    url = reverse("person-detail", args=[person.slug])
    response = editor_client().patch(url, {"birth_year": 1975}, format="json")
    assert response.status_code == 200, response.content
    person = Person.objects.get()
    assert (person.birth_date.isoformat(), person.birth_date_precision) == ("1975-01-01", "year")
    assert editor_client().patch(url, {"birth_year": None}, format="json").status_code == 200
    assert Person.objects.get().birth_date is None


def test_a_birth_date_in_the_future_is_refused():
    person = PersonFactory()
    url = reverse("person-detail", args=[person.slug])
    response = editor_client().patch(url, {"birth_date": "2999-01-01"}, format="json")
    assert response.status_code == 400
    assert "birth_date" in response.json()


def test_a_birth_date_before_1850_is_refused_as_birth_years_were():
    person = PersonFactory()
    url = reverse("person-detail", args=[person.slug])
    response = editor_client().patch(url, {"birth_date": "0748-03-24"}, format="json")
    assert response.status_code == 400
    assert response.json()["birth_date"] == ["A birth date is in 1850 or later."]

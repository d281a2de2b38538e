"""Requests that answered 500 (issue 13, findings 3 and 7): each must be an ordinary answer."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import ChargeFactory, CitationFactory, UserFactory

pytestmark = pytest.mark.django_db

LISTS_FILTERED_BY_CASE = [
    "source-list",
    "charge-list",
    "event-list",
    "position-list",
    "citation-list",
]


@pytest.mark.parametrize("url", LISTS_FILTERED_BY_CASE)
@pytest.mark.parametrize("value", ["\u00b9", "\u2460", "\u0667", "9" * 30])
def test_a_case_named_by_digits_that_are_not_an_id_is_a_400(api_client, url, value):
    # "¹" and "①" pass str.isdigit() but not int(); "٧" passes both.
    CitationFactory()
    response = api_client.get(reverse(url), {"case": value})
    assert response.status_code == 400
    assert list(response.json()) == ["case"]


@pytest.mark.parametrize("value", ["\u00b9", "\u2460", "\u0667"])
def test_a_source_named_by_digits_that_are_not_an_id_is_a_400_on_the_index(client, value):
    CitationFactory()
    assert client.get("/", {"source": value}).status_code == 400


# Outside a test's transaction: on PostgreSQL the row lock of a write needs one.
@pytest.mark.django_db(transaction=True)
def test_an_editors_options_on_a_record_describes_what_they_may_send(api_client):
    # The editors' permissions on charges, given directly: a transactional test
    # may run after another emptied the tables, groups made by migrations included.
    editor = UserFactory()
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_charge", "change_charge"])
    )
    api_client.force_authenticate(editor)
    charge = ChargeFactory()
    response = api_client.options(reverse("charge-detail", args=[charge.id]))
    assert response.status_code == 200
    assert "PUT" in response.json()["actions"]


def test_options_on_the_api_docs_is_not_an_error(client):
    assert client.options("/api/docs/").status_code == 405
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_a_body_nested_thousands_of_levels_deep_is_a_400(editor_client, opening, closing):
    body = opening * 5000 + "1" + closing * 5000
    response = editor_client.post(reverse("charge-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]

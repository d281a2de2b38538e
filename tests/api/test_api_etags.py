"""No lost updates: ETags on detail responses, and If-Match on PUT, PATCH and DELETE."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Actor, Case, Charge, Citation, Event, Person, Position, Source
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(api_client):
    api_client.force_authenticate(factories.UserFactory(is_superuser=True))
    return api_client


def detail(case):
    return reverse("case-detail", args=[case.slug])


def changed_elsewhere(case, summary="Changed by another editor."):
    """Another editor's save, between our read and our write."""
    other = Case.objects.get(pk=case.pk)
    other.summary = summary
    other.save()


def stale_etag(client, case):
    """The ETag `client` read before another editor saved the case."""
    etag = client.get(detail(case))["ETag"]
    changed_elsewhere(case)
    return etag


def patch(client, case, data, if_match=None):
    """PATCH `data` to the case, sending If-Match when given."""
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    return client.patch(detail(case), data, format="json", **headers)


def test_a_case_carries_a_strong_etag_that_changes_when_the_case_does(api_client):
    case = factories.CaseFactory()
    etag = api_client.get(detail(case))["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert api_client.get(detail(case))["ETag"] == etag
    changed_elsewhere(case)
    assert api_client.get(detail(case))["ETag"] != etag


def test_a_patch_with_a_stale_etag_is_a_412_and_changes_nothing(editor_client):
    case = factories.CaseFactory()
    response = patch(editor_client, case, {"place": "Lefortovo"}, stale_etag(editor_client, case))
    assert response.status_code == 412
    assert "changed after you read it" in response.json()["detail"]
    case.refresh_from_db()
    assert case.place == "Moscow"
    assert case.summary == "Changed by another editor."


def test_a_patch_with_the_current_etag_succeeds_and_returns_the_new_one(editor_client):
    case = factories.CaseFactory()
    etag = editor_client.get(detail(case))["ETag"]
    response = patch(editor_client, case, {"place": "Lefortovo"}, etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] not in ("", etag)
    assert response["ETag"] == editor_client.get(detail(case))["ETag"]
    case.refresh_from_db()
    assert case.place == "Lefortovo"


def test_the_etag_of_a_write_is_the_one_to_send_with_the_next(editor_client):
    case = factories.CaseFactory()
    etag = editor_client.get(detail(case))["ETag"]
    first = patch(editor_client, case, {"place": "A"}, etag)
    second = patch(editor_client, case, {"place": "B"}, first["ETag"])
    assert second.status_code == 200
    # The first ETag is stale now.
    third = patch(editor_client, case, {"place": "C"}, etag)
    assert third.status_code == 412


def test_a_put_with_a_stale_etag_is_a_412(editor_client):
    case = factories.CaseFactory()
    etag = stale_etag(editor_client, case)
    data = {"person_id": case.person_id, "status": "released", "detaining_country": "RU"}
    response = editor_client.put(detail(case), data, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    case.refresh_from_db()
    assert case.status == Case.Status.IMPRISONED


def test_a_delete_with_a_stale_etag_is_a_412_and_deletes_nothing(admin_client):
    case = factories.CaseFactory()
    etag = stale_etag(admin_client, case)
    assert admin_client.delete(detail(case), HTTP_IF_MATCH=etag).status_code == 412
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_delete_with_the_current_etag_deletes(admin_client):
    case = factories.CaseFactory()
    etag = admin_client.get(detail(case))["ETag"]
    assert admin_client.delete(detail(case), HTTP_IF_MATCH=etag).status_code == 204
    assert not Case.objects.exists()


def test_if_match_star_and_a_list_containing_the_current_etag_match(editor_client):
    case = factories.CaseFactory()
    etag = editor_client.get(detail(case))["ETag"]
    assert patch(editor_client, case, {"place": "A"}, f'"stale", {etag}').status_code == 200
    assert patch(editor_client, case, {"place": "B"}, "*").status_code == 200


def test_a_write_without_if_match_still_works(editor_client):
    case = factories.CaseFactory()
    changed_elsewhere(case)
    assert patch(editor_client, case, {"place": "A"}).status_code == 200


@pytest.mark.parametrize("header", ['W/"abc"', "abc", ""])
def test_a_weak_or_malformed_if_match_is_a_400_naming_the_header(editor_client, header):
    case = factories.CaseFactory()
    response = patch(editor_client, case, {"place": "A"}, header)
    assert response.status_code == 400
    assert list(response.json()) == ["If-Match"]
    case.refresh_from_db()
    assert case.place == "Moscow"


def test_a_failed_precondition_is_checked_before_validation(editor_client):
    """A stale write is refused as stale even when its data is also invalid."""
    case = factories.CaseFactory()
    response = patch(editor_client, case, {"status": "jailed"}, stale_etag(editor_client, case))
    assert response.status_code == 412


RESOURCES = [
    ("person", factories.PersonFactory, Person, {"description": "Changed."}),
    ("charge", factories.ChargeFactory, Charge, {"statute": "Art. 276"}),
    ("event", factories.EventFactory, Event, {"place": "Moscow City Court"}),
    ("actor", factories.ActorFactory, Actor, {"role": "Minister"}),
    ("position", factories.PositionFactory, Position, {"summary": "Changed."}),
    ("source", factories.SourceFactory, Source, {"outlet": "Changed"}),
    ("citation", factories.CitationFactory, Citation, {"note": "Changed."}),
]


@pytest.mark.parametrize("name, factory, model, change", RESOURCES)
def test_every_resource_refuses_a_stale_write_and_accepts_a_current_one(
    editor_client, name, factory, model, change
):
    record = factory()
    if model is Person:
        factories.CaseFactory(person=record)
    url = reverse(f"{name}-detail", args=[record.slug if model is Person else record.pk])
    etag = editor_client.get(url)["ETag"]
    # Another save, with no change of its own, is a new version all the same.
    model.objects.get(pk=record.pk).save()
    stale = editor_client.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412, name
    field, value = next(iter(change.items()))
    assert getattr(model.objects.get(pk=record.pk), field) != value
    current = editor_client.get(url)["ETag"]
    assert editor_client.patch(url, change, format="json", HTTP_IF_MATCH=current).status_code == 200


def test_a_new_record_comes_with_its_etag(editor_client):
    response = editor_client.post(
        reverse("actor-list"), {"name": "Council", "kind": "government_body"}, format="json"
    )
    assert response.status_code == 201
    url = reverse("actor-detail", args=[response.json()["id"]])
    assert response["ETag"] == editor_client.get(url)["ETag"]


def test_lists_carry_no_etag(api_client):
    factories.CaseFactory()
    assert not api_client.get(reverse("case-list")).has_header("ETag")


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="the database has no row locks"
)
def test_the_record_is_locked_between_the_check_and_the_write(editor_client):
    case = factories.CaseFactory()
    etag = editor_client.get(detail(case))["ETag"]
    with CaptureQueriesContext(connection) as captured:
        patch(editor_client, case, {"place": "A"}, etag)
    reads = [query["sql"] for query in captured if 'FROM "cases_case"' in query["sql"]]
    assert "FOR UPDATE" in reads[0]

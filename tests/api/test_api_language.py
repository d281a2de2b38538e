"""The API's own errors follow the client's Accept-Language, as DRF's and the models' do."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, CitationFactory, UserFactory

pytestmark = pytest.mark.django_db

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}
CASES = reverse("case-list")


def test_a_misspelt_or_empty_parameter_is_refused_in_russian(api_client):
    unknown = api_client.get(CASES, {"stauts": "detained"}, **RUSSIAN).json()
    assert unknown["stauts"][0].startswith("Неизвестный параметр. Этот адрес принимает: ")
    empty = api_client.get(CASES, {"detained_after": ""}, **RUSSIAN).json()
    assert empty == {"detained_after": ["Укажите значение или не передавайте параметр."]}
    page = api_client.get(CASES, {"page": "0"}, **RUSSIAN).json()
    assert page == {"page": ["Целое положительное число."]}


def test_an_address_the_api_does_not_have_is_a_404_in_russian(api_client):
    response = api_client.get("/api/v1/nothing-here/", **RUSSIAN)
    assert response.status_code == 404
    assert response.json() == {"detail": "По этому адресу в API v1 ничего нет."}


def test_a_stale_write_and_a_bad_if_match_are_refused_in_russian(editor_client):
    case = CaseFactory()
    url = reverse("case-detail", args=[case.slug])
    stale = editor_client.patch(
        url, {"summary": "Late."}, format="json", HTTP_IF_MATCH='"0"', **RUSSIAN
    )
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith(
        "Эта запись (дело) изменена после того, как вы её прочитали"
    )
    malformed = editor_client.patch(
        url, {"summary": "Late."}, format="json", HTTP_IF_MATCH="3f2a", **RUSSIAN
    )
    assert malformed.status_code == 400
    assert malformed.json()["If-Match"][0].startswith("Пришлите ETag записи")


def test_a_record_still_referred_to_says_so_in_russian(api_client):
    citation = CitationFactory()
    api_client.force_authenticate(UserFactory(is_superuser=True))
    url = reverse("source-detail", args=[citation.source.pk])
    response = api_client.delete(url, **RUSSIAN)
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"На эту запись (источник) ещё ссылаются: цитата: 1 (#{citation.id} "
        f"“Blinken called for the release of Paul Whelan” в деле {citation.case.slug}); "
        "сначала удалите их."
    )

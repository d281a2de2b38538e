"""The OpenAPI schema and the interactive docs."""

import re

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from cases.search.filters import CaseFilter
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    response = api_client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")


def test_the_schema_describes_every_resource(schema):
    for resource in ["cases", "people", "charges", "events", "actors", "positions", "sources"]:
        assert f"/api/v1/{resource}/" in schema["paths"]
    assert "/api/v1/citations/{id}/" in schema["paths"]
    assert "/api/v1/cases/{slug}/" in schema["paths"]
    assert "/api/v1/people/{slug}/" in schema["paths"]


def test_the_schema_describes_every_case_filter(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert set(CaseFilter.base_filters) | {"page", "page_size"} <= parameters


def test_the_case_list_is_documented_as_csv_too(schema):
    responses = schema["paths"]["/api/v1/cases/"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in responses


def test_the_docs_are_served_without_a_cdn(api_client):
    response = api_client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_docs_run_no_inline_script_which_the_content_security_policy_blocks(api_client):
    html = api_client.get(reverse("api-docs")).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_a_url_is_stored_as_the_uri_the_schema_promises(editor_client):
    response = editor_client.post(
        reverse("source-list"),
        {"title": "Статья", "url": "http://пример.рф/статья|1", "text": "Some text."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["url"] == (
        "http://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F%7C1"
    )


def test_an_actor_without_a_country_is_within_the_schema_as_nested_in_a_position(api_client):
    schema = api_client.get(reverse("schema"), {"format": "json"}).json()
    country = schema["components"]["schemas"]["PositionActor"]["properties"]["country"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in country["oneOf"]


def test_anyone_may_read_and_the_schema_says_so(api_client):
    schema = api_client.get(reverse("schema"), {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        if path.startswith("/api/v1/") and "get" in operations:
            assert {} in operations["get"]["security"], path


@pytest.mark.parametrize("url", [reverse("case-list"), reverse("charge-list")])
def test_a_method_a_list_does_not_take_is_a_405_even_with_parameters(editor_client, url):
    for method in ("put", "patch", "delete"):
        response = getattr(editor_client, method)(f"{url}?status=detained", {}, format="json")
        assert response.status_code == 405


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (reverse("case-list"), "detained_after"),
        (reverse("case-list"), "status"),
        (reverse("source-list"), "published_before"),
        (reverse("charge-list"), "case"),
    ],
)
def test_an_empty_filter_is_refused_rather_than_ignored(api_client, url, parameter):
    response = api_client.get(url, {parameter: ""})
    assert response.status_code == 400
    assert response.json()[parameter] == ["Give a value, or leave the parameter out."]


def test_an_empty_search_is_still_no_search(api_client):
    assert api_client.get(reverse("case-list"), {"search": ""}).status_code == 200


def test_an_empty_format_is_refused_too(api_client):
    case = CaseFactory()
    response = api_client.get(reverse("case-detail", args=[case.slug]), {"format": ""})
    assert response.status_code == 400


def test_more_citizenships_than_there_are_countries_are_refused(editor_client):
    response = editor_client.post(
        reverse("person-list"), {"name": "Ivan Petrov", "citizenships": ["US"] * 300}, format="json"
    )
    assert response.status_code == 400
    assert "citizenships" in response.json()

"""The OpenAPI schema and the interactive docs."""

import re

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from cases.search.filters import CaseFilter

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

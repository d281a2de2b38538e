"""One version of a record (cases.versioning), the same in the API's ETag and the admin's form."""

import pytest
from django.urls import reverse

from cases import versioning
from tests.factories import CaseFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_the_api_and_the_admin_give_a_record_the_same_version(api_client, admin_client):
    case = CaseFactory()

    etag = api_client.get(reverse("case-detail", args=[case.slug]))["ETag"]
    page = admin_client.get(reverse("admin:cases_case_change", args=[case.pk]))

    assert etag == versioning.etag(case)
    assert page.context["adminform"].form["version"].value() == etag


def test_a_source_is_versioned_by_its_own_save_not_the_outlets_update():
    source = SourceFactory()
    before = versioning.etag(source)

    source.updated_at = None
    assert versioning.etag(source) == before
    source.save()
    assert versioning.etag(source) != before


@pytest.mark.parametrize(
    ("header", "outcome"),
    [(None, None), ("*", None), ("3f2a", ValueError), ('"3f2a"', versioning.StaleVersion)],
)
def test_if_match_is_checked_against_the_current_version(header, outcome):
    case = CaseFactory()
    if outcome is None:
        versioning.check_if_match(header, case)
    else:
        with pytest.raises(outcome):
            versioning.check_if_match(header, case)
    versioning.check_if_match(f'"x", {versioning.etag(case)}', case)

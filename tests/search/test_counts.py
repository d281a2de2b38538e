import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from cases.search.counts import cached_count, cached_result, registry_version
from tests.factories import CaseFactory, ChargeFactory

pytestmark = pytest.mark.django_db


def count_queries(queryset):
    with CaptureQueriesContext(connection) as queries:
        count = cached_count(queryset)
    return count, len(queries)


def test_a_count_is_reused_while_nothing_is_written():
    CaseFactory.create_batch(3)
    assert count_queries(Case.objects.all()) == (3, 1)
    assert count_queries(Case.objects.all()) == (3, 0)


def test_registries_that_share_a_cache_count_apart(monkeypatch):
    CaseFactory.create_batch(3)
    assert count_queries(Case.objects.all()) == (3, 1)
    # Another registry's database, with the same tables and the same cache.
    monkeypatch.setitem(connection.settings_dict, "NAME", "another_registry")
    assert count_queries(Case.objects.all()) == (3, 1)


def test_different_filters_are_counted_apart():
    CaseFactory(status=Case.Status.RELEASED)
    CaseFactory(status=Case.Status.DETAINED)
    assert cached_count(Case.objects.filter(status="released")) == 1
    assert cached_count(Case.objects.all()) == 2


@pytest.mark.parametrize(
    "write",
    [
        lambda case: CaseFactory(),
        lambda case: case.delete(),
        lambda case: ChargeFactory(case=case),
        lambda case: case.person.save(),
    ],
    ids=["new case", "deleted case", "new charge", "edited person"],
)
def test_any_write_to_the_registry_makes_counts_be_taken_again(write):
    case = CaseFactory()
    cached_count(Case.objects.all())
    version = registry_version()
    write(case)
    assert registry_version() > version
    assert count_queries(Case.objects.all()) == (Case.objects.count(), 1)


def test_the_api_count_follows_a_new_case(client):
    CaseFactory()
    assert client.get("/api/v1/cases/").json()["count"] == 1
    CaseFactory()
    assert client.get("/api/v1/cases/").json()["count"] == 2


def test_a_query_that_can_match_nothing_counts_zero_without_asking_the_database():
    CaseFactory()
    assert count_queries(Case.objects.none()) == (0, 0)


def test_a_count_taken_while_a_write_was_uncommitted_is_not_kept_after_the_commit(
    django_capture_on_commit_callbacks,
):
    cases = Case.objects.all()
    with django_capture_on_commit_callbacks(execute=True):
        CaseFactory()
        # Another request, counting before this write commits, sees no case yet; its
        # count is stored under the version the write has already moved to.
        cached_result(cases, "count", lambda: 0, empty=0)
        assert cached_count(cases) == 0
    assert cached_count(cases) == 1

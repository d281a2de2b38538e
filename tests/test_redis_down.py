"""Redis down: the cache is an optimisation and throttling a protection, so the registry keeps serving.

Unit tests here point the cache at a closed port in this process; the slow test
starts a real server configured the same way.
"""

import logging

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from cases.models import Person
from registry import cache as registry_cache
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1 of the loopback interface: connections are refused at once.
CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "registry.cache.RedisOrNothingCache", "LOCATION": CLOSED_PORT},
        "throttle": {"BACKEND": "registry.cache.RedisOrMemoryCache", "LOCATION": CLOSED_PORT},
    }
    # The stand-in memory outlives the cache objects; start each test with no counts in it.
    for cache in caches.all():
        cache.clear()


@pytest.mark.parametrize(
    "url",
    [
        reverse("case-list"),
        reverse("person-list"),
        reverse("schema"),
        reverse("cases:case-list"),
        reverse("cases:case-list") + "?search=petrov",
    ],
)
def test_the_api_schema_and_pages_answer_with_redis_down(client, redis_down, url):
    CaseFactory(published=True)

    assert client.get(url).status_code == 200


def test_counts_are_computed_afresh_with_redis_down(client, redis_down):
    CaseFactory(published=True)
    first = client.get(reverse("case-list")).json()["count"]
    CaseFactory(published=True)

    assert client.get(reverse("case-list")).json()["count"] == first + 1


def test_throttling_still_binds_per_process_with_redis_down(api_client, redis_down, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "9/min"})
    statuses = [api_client.get(reverse("case-list")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_an_admin_save_succeeds_with_redis_down(admin_client, redis_down):
    response = admin_client.post(
        reverse("admin:cases_person_add"), {"name": "Ivan Petrov", "aliases": "", "slug": ""}
    )

    assert response.status_code == 302
    assert Person.objects.get().slug == "ivan-petrov"


def test_the_outage_is_logged_once_and_redis_is_tried_again_later(caplog, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(registry_cache.time, "monotonic", lambda: clock[0])
    throttle_cache = registry_cache.RedisOrMemoryCache(CLOSED_PORT, {})
    tried = []
    redis_get = registry_cache.RedisCache.get

    def counted_get(self, *args, **kwargs):
        tried.append(args)
        return redis_get(self, *args, **kwargs)

    monkeypatch.setattr(registry_cache.RedisCache, "get", counted_get)

    with caplog.at_level(logging.WARNING, logger="registry.cache"):
        throttle_cache.set("key", "kept in memory")
        throttle_cache.get("key")
        throttle_cache.get("key")
        clock[0] += registry_cache.RETRY_SECONDS + 1
        value = throttle_cache.get("key")

    assert value == "kept in memory"
    # The set found Redis down; the next gets used memory until the retry interval passed.
    assert len(tried) == 1
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "unreachable" in caplog.records[0].getMessage()

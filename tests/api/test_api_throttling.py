"""Throttling: anonymous clients and signed-in users each get a number of requests per window."""

import socket
import time
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from registry.cache import RedisOrMemoryCache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASES = reverse("case-list")


@pytest.fixture
def rates(monkeypatch, pinned_clock):
    # DRF reads the rates into the throttle classes at import; override them there.
    def set_rates(anon, user):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": anon, "user": user})

    return set_rates


@pytest.fixture
def pinned_clock(monkeypatch):
    """The throttles' clock, stopped: a test's requests fall in one counting window even when
    the minute turns while they run (the count would start again, and a 429 never come)."""
    now = time.time()
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: now))
    return now


def test_the_request_past_the_anonymous_rate_is_a_429_with_retry_after(api_client, rates):
    rates(anon="3/min", user="100/min")
    assert [api_client.get(CASES).status_code for _ in range(3)] == [200, 200, 200]
    response = api_client.get(CASES)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


def test_signed_in_users_have_their_own_larger_rate(api_client, rates):
    rates(anon="1/min", user="3/min")
    api_client.force_authenticate(UserFactory())
    assert [api_client.get(CASES).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_writes_count_too(api_client, rates):
    rates(anon="100/min", user="2/min")
    api_client.force_authenticate(UserFactory(groups=["editors"]))
    api_client.post(reverse("person-list"), {"name": "A"}, format="json")
    assert api_client.get(CASES).status_code == 200
    assert api_client.post(reverse("person-list"), {"name": "B"}, format="json").status_code == 429


def test_the_rates_come_from_the_environment_with_defaults():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"anon", "user", "pages_anon", "pages_user"}
    for rate in rates.values():
        # The form DRF parses: a count, a slash and a period.
        count, period = rate.split("/")
        assert int(count) > 0 and period[0] in "smhd"


def test_each_test_starts_with_an_empty_count(api_client, rates):
    """The autouse cache fixture in conftest.py: the tests above used up their rate."""
    rates(anon="1/min", user="1/min")
    assert api_client.get(CASES).status_code == 200


def test_an_anonymous_client_is_counted_once_at_the_anonymous_rate(api_client, rates, pinned_clock):
    rates(anon="2/min", user="2/min")
    assert [api_client.get(CASES).status_code for _ in range(3)] == [200, 200, 429]
    # One count, by address under the anonymous scope: none kept at the user rate too.
    window = int(pinned_clock // 60)
    assert caches["throttle"].get(f"throttle_anon_127.0.0.1:{window}") == 3
    assert caches["throttle"].get(f"throttle_user_127.0.0.1:{window}") is None


def test_a_forged_forwarded_for_header_does_not_reset_the_count(api_client, rates):
    """With no proxy declared (NUM_PROXIES=0), X-Forwarded-For is the client's own word."""
    rates(anon="3/min", user="100/min")
    statuses = [
        api_client.get(CASES, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.fixture
def behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def test_behind_a_proxy_the_address_it_appends_is_the_client(api_client, rates, behind_one_proxy):
    rates(anon="2/min", user="100/min")
    # What the client wrote is left of the proxy's entry, and is ignored.
    first = [
        api_client.get(CASES, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7").status_code
        for n in range(3)
    ]
    other_client = api_client.get(CASES, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert first == [200, 200, 429]
    assert other_client.status_code == 200


def test_a_request_is_counted_in_one_round_trip_to_the_throttle_cache(
    api_client, rates, monkeypatch
):
    rates(anon="5/min", user="100/min")
    throttle_cache = caches["throttle"]
    calls = []
    for name in ("get", "set", "add", "incr", "count"):
        if hasattr(throttle_cache, name):
            original = getattr(throttle_cache, name)
            monkeypatch.setattr(
                throttle_cache,
                name,
                lambda *args, _name=name, _original=original, **kwargs: (
                    calls.append(_name) or _original(*args, **kwargs)
                ),
            )
    api_client.get(reverse("case-detail", kwargs={"slug": "nobody"}))
    # One call: `count` on Redis (one pipelined round trip), `add` + `incr` in memory.
    assert calls in (["count"], ["add", "incr"])


def test_on_redis_a_count_starts_with_its_expiry_and_counts_on():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    redis = RedisOrMemoryCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": uuid.uuid4().hex})
    try:
        assert [redis.count("window", 30) for _ in range(3)] == [1, 2, 3]
        assert 0 < redis.ttl("window") <= 30
    finally:
        redis.delete("window")


def test_a_scope_without_a_rate_is_not_throttled(api_client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    for _ in range(3):
        assert api_client.get(reverse("case-list")).status_code == 200

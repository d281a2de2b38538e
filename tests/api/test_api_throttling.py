"""Throttling: anonymous clients and signed-in users each get a number of requests per window."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASES = reverse("case-list")


@pytest.fixture
def rates(monkeypatch):
    # DRF reads the rates into the throttle classes at import; override them there.
    def set_rates(anon, user):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": anon, "user": user})

    return set_rates


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
    assert set(rates) == {"anon", "user"}
    for rate in rates.values():
        # The form DRF parses: a count, a slash and a period.
        count, period = rate.split("/")
        assert int(count) > 0 and period[0] in "smhd"


def test_each_test_starts_with_an_empty_count(api_client, rates):
    """The autouse cache fixture in conftest.py: the tests above used up their rate."""
    rates(anon="1/min", user="1/min")
    assert api_client.get(CASES).status_code == 200


def test_an_anonymous_client_is_counted_once_at_the_anonymous_rate(api_client, rates):
    rates(anon="2/min", user="2/min")
    assert [api_client.get(CASES).status_code for _ in range(3)] == [200, 200, 429]
    # One count, by address under the anonymous scope: none kept at the user rate too.
    assert len(cache.get("throttle_anon_127.0.0.1")) == 2
    assert cache.get("throttle_user_127.0.0.1") is None

"""The public pages are throttled like the API: per client, in the shared cache, a 429 page past the rate."""

import pytest
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_rate(monkeypatch):
    def set_rate(anon, user="100/min"):
        monkeypatch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {"anon": "100/min", "user": "100/min", "pages_anon": anon, "pages_user": user},
        )

    return set_rate


@pytest.mark.parametrize("query", ["", "?search=petrov"])
def test_the_index_and_its_search_answer_429_past_the_page_rate(client, page_rate, query):
    page_rate("2/min")
    url = reverse("cases:case-list") + query
    statuses = [client.get(url).status_code for _ in range(3)]
    response = client.get(url)

    assert statuses == [200, 200, 429]
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Too many requests" in response.content.decode()


def test_case_and_source_pages_count_too(client, page_rate):
    page_rate("2/min")
    case = CaseFactory(published=True)

    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(reverse("cases:case-list")).status_code == 200
    assert client.get(case.get_absolute_url()).status_code == 429


def test_a_forged_forwarded_for_header_does_not_reset_the_page_count(client, page_rate):
    page_rate("2/min")
    url = reverse("cases:case-list")
    statuses = [
        client.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_pages_do_not_spend_the_api_budget(client, page_rate, monkeypatch):
    page_rate("100/min")
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "1/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)

    for _ in range(3):
        assert client.get(reverse("cases:case-list")).status_code == 200
    assert client.get(reverse("case-list")).status_code == 200

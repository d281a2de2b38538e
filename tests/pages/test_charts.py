"""The index's charts: counts that agree with the API, bars that link to their cases."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from cases.models import Case
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("cases:case-list")
SVG = "{http://www.w3.org/2000/svg}"


def drawn(page, slug):
    """{bar key: (count, link query or None)} of one chart, read from its SVG (checked to parse)."""
    svg = re.search(rf'<svg class="chart-drawing chart-drawing--{slug}".*?</svg>', page, re.S)
    root = ET.fromstring(svg.group().replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    bars = {}
    for element in root:
        href = element.get("href")
        bars[element.get("data-key")] = (
            int(element.get("data-count")),
            href[1:] if href else None,
        )
    return bars


def api_count(client, query):
    return client.get("/api/v1/cases/", {**query, "page_size": 1}).json()["count"]


@pytest.fixture
def registry():
    for country, status, year, number in [
        ("RU", Case.Status.DETAINED, 2019, 3),
        ("RU", Case.Status.RELEASED, 2021, 2),
        ("CN", Case.Status.DETAINED, 2021, 1),
        ("IR", Case.Status.IMPRISONED, 2023, 2),
    ]:
        factories.CaseFactory.create_batch(
            number,
            detaining_country=country,
            status=status,
            detained_on=datetime.date(year, 5, 1),
        )
    factories.CaseFactory(detaining_country="RU", detained_on=None, detained_on_precision="")
    factories.CaseFactory(detaining_country="RU", published=False)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"detaining_country": "RU"},
        {"status": "held"},
    ],
)
def test_every_bar_counts_what_the_api_lists_for_its_link(client, registry, filters):
    page = client.get(INDEX, filters).content.decode()

    for slug in ("by-country", "by-status", "by-year"):
        bars = drawn(page, slug)
        assert bars, slug
        for key, (count, link) in bars.items():
            if link is None:
                assert count == 0, (slug, key)
                continue
            query = {name: values for name, values in parse_qs(link).items()}
            assert api_count(client, query) == count, (slug, key, query)


@pytest.mark.parametrize(
    "filters",
    [
        {"detained_after": "2021-06-01"},
        {"detained_before": "2021-06-01"},
        {"detained_after": "2021-02-01", "detained_before": "2021-06-01"},
    ],
)
def test_a_years_bar_links_to_its_cases_within_the_dates_already_chosen(client, filters):
    for month in (1, 3, 9):
        factories.CaseFactory(detained_on=datetime.date(2021, month, 1))

    count, link = drawn(client.get(INDEX, filters).content.decode(), "by-year")["2021"]

    query = {name: values for name, values in parse_qs(link).items()}
    assert api_count(client, query) == count < 3


def test_the_charts_count_the_current_filters(client, registry):
    page = client.get(INDEX, {"detaining_country": "RU"}).content.decode()

    assert {key: count for key, (count, _) in drawn(page, "by-country").items()} == {"RU": 6}
    assert {key: count for key, (count, _) in drawn(page, "by-status").items()} == {
        "detained": 3,
        "released": 2,
        "imprisoned": 1,
    }
    # 2019 to 2021, the empty year drawn without a link; the undated case is said, not drawn.
    assert drawn(page, "by-year") == {
        "2019": (
            3,
            "detaining_country=RU&detained_after=2019-01-01&detained_before=2019-12-31",
        ),
        "2020": (0, None),
        "2021": (
            2,
            "detaining_country=RU&detained_after=2021-01-01&detained_before=2021-12-31",
        ),
    }
    assert "Not shown: 1 case with no known date of detention." in page


def test_each_chart_has_a_table_of_the_same_counts(client, registry):
    page = client.get(INDEX).content.decode()

    table = re.search(r"Cases by detaining country as a table.*?</table>", page, re.S).group()
    assert re.search(r'<a href="\?detaining_country=RU">Russia</a></th><td>6</td>', table)
    assert re.search(r'<a href="\?detaining_country=IR">Iran</a></th><td>2</td>', table)


def test_the_charts_cost_no_more_queries_for_more_cases(client, registry):
    from .test_pages import count_queries

    few = count_queries(client, INDEX)
    factories.CaseFactory.create_batch(
        10, detaining_country="GB", detained_on=datetime.date(2010, 1, 1)
    )

    assert count_queries(client, INDEX) == few


@pytest.mark.parametrize(
    ("headers", "note"),
    [
        ({}, "The 12 countries with most cases of 13."),
        (
            {"HTTP_ACCEPT_LANGUAGE": "ru"},
            "Показаны 12 стран с наибольшим числом дел из 13.",
        ),
    ],
    ids=["en", "ru"],
)
def test_the_country_chart_says_how_many_it_leaves_out_in_the_readers_language(
    client, headers, note
):
    for country in ["RU", "CN", "IR", "BY", "VE", "SA", "EG", "TR", "AZ", "KP", "CU", "NI", "ER"]:
        factories.CaseFactory(detaining_country=country)
    page = client.get(INDEX, **headers).content.decode()

    assert len(drawn(page, "by-country")) == 12
    assert note in page

"""A case page's citation formats, sharing metadata, links from facts to lists; the About page."""

import datetime
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from cases.models import Case, Position
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def whelan():
    case = factories.CaseFactory(
        person__name="Paul Whelan",
        person__citizenships=["US"],
        detaining_country="RU",
        status=Case.Status.IMPRISONED,
        summary="Detained in Moscow.",
    )
    charge = factories.ChargeFactory(case=case, description="Espionage")
    russia = factories.ActorFactory(name="Russia", country="RU")
    ministry = factories.ActorFactory(name="Foreign Ministry", country="", parent=russia)
    position = factories.PositionFactory(
        case=case, actor=ministry, stance=Position.Stance.DEFENDS_PROSECUTION
    )
    source = factories.SourceFactory(
        title="Moscow open to better ties",
        published_at=datetime.datetime(2021, 2, 6, tzinfo=datetime.UTC),
    )
    factories.CitationFactory(
        case=case, charge=charge, source=source, quote="convicted of espionage"
    )
    factories.CitationFactory(case=case, position=position, source=source)
    return case


def test_cite_this_case_in_plain_text_bibtex_and_csl_json(client, whelan):
    page = client.get(whelan.get_absolute_url()).content.decode()
    url = f"http://testserver/cases/{whelan.slug}/"

    assert f"Detained citizens registry. “Paul Whelan.” Record as of 6 Feb 2021. {url}" in unescape(
        page
    )
    bibtex = unescape(re.search(r"<pre><code>(@misc.*?)</code></pre>", page, re.S).group(1))
    assert bibtex.startswith(f"@misc{{{whelan.slug},")
    csl = re.search(r"<pre><code>(\[.*?)</code></pre>", page, re.S).group(1)
    [item] = json.loads(unescape(csl))
    assert item["URL"] == url
    assert item["issued"] == {"date-parts": [[2021, 2, 6]]}


def test_a_case_page_carries_open_graph_metadata(client, whelan):
    page = client.get(whelan.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Paul Whelan">' in page
    assert f'<meta property="og:url" content="http://testserver/cases/{whelan.slug}/">' in page
    assert (
        # No status change is cited, so the status has no "as of".
        '<meta property="og:description" content="Convicted and imprisoned, Russia. '
        'Detained in Moscow.">'
    ) in page


def test_facts_link_to_the_lists_they_narrow(client, whelan):
    page = client.get(whelan.get_absolute_url()).content.decode()
    index = reverse("cases:case-list")

    assert (
        f'href="{index}?detaining_country=RU" title="Cases detained in Russia">Russia</a>' in page
    )
    assert f'href="{index}?citizenship=US"' in page
    assert f'href="{index}?status=imprisoned"' in page
    assert f'href="{index}?charge=Espionage"' in page
    # A ministry speaks for the state it is part of.
    assert f'href="{index}?actor_country=RU&amp;stance=defends_prosecution"' in page


def test_each_footnote_names_its_source_and_passage(client, whelan):
    page = client.get(whelan.get_absolute_url()).content.decode()

    assert 'aria-label="Source 1, Moscow open to better ties: “convicted of espionage”"' in page


def test_the_about_page_says_how_to_send_a_correction(client, settings):
    settings.REGISTRY_CONTACT = "corrections@registry.example.org"

    page = client.get(reverse("cases:about")).content.decode()

    assert (
        '<a href="mailto:corrections@registry.example.org">corrections@registry.example.org</a>'
        in page
    )
    assert "How facts are sourced" in page


def test_the_about_page_links_a_contact_url_or_says_none_is_set(client, settings):
    settings.REGISTRY_CONTACT = "https://registry.example.org/contact"
    assert (
        '<a href="https://registry.example.org/contact">' in client.get("/about/").content.decode()
    )

    settings.REGISTRY_CONTACT = ""
    assert "No contact address has been set" in client.get("/about/").content.decode()


def test_the_stylesheet_has_print_rules(client):
    css = Path(finders.find("css/registry.css")).read_text()
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and ".filters" in print_rules

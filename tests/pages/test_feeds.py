"""Atom feeds: valid Atom, the entries of the cases a view shows, never a draft."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import feeds
from cases.demo.generator import DemoDataGenerator
from cases.models import Case
from cases.models.status import refresh_statuses
from tests import factories
from tests.plans import plan_as_for_large_tables, sorts

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, url, **params):
    """The feed's entries as dicts, after checking what RFC 4287 requires of a feed and entries."""
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert feed_has_author or entry.find(f"{ATOM}author") is not None
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        entries.append(
            {
                "id": entry.findtext(f"{ATOM}id"),
                "title": entry.findtext(f"{ATOM}title"),
                "link": link.get("href"),
                "summary": entry.findtext(f"{ATOM}summary") or "",
            }
        )
    return entries


def released(name="Paul Whelan", country="RU", published=True, citizenships=("US",)):
    case = factories.CaseFactory(
        person__name=name,
        person__citizenships=list(citizenships),
        detaining_country=country,
        published=published,
    )
    change = factories.StatusChangeFactory(
        case=case,
        status=Case.Status.RELEASED,
        changed_on=datetime.date(2024, 8, 1),
        changed_on_precision="day",
    )
    factories.CitationFactory(
        case=case,
        status_change=change,
        quote="Blinken called for the release of Paul Whelan",
        source=factories.SourceFactory(title="White House statement", outlet="The White House"),
    )
    return case, change


def test_a_status_change_entry_says_what_changed_when_and_on_what_citation(client):
    case, change = released()

    [entry] = atom(client, reverse("cases:feed-status-changes"))

    assert entry["title"] == "Paul Whelan: Released (1 Aug 2024)"
    assert entry["link"] == f"http://testserver{case.get_absolute_url()}#status-change-{change.pk}"
    assert "“Blinken called for the release of Paul Whelan”" in entry["summary"]
    assert "White House statement</a>, The White House" in entry["summary"]


def test_drafts_never_appear_in_any_feed(client):
    released(name="Draft Person", published=False)
    draft = Case.objects.get(person__name="Draft Person")
    factories.PositionFactory(case=draft)

    for name in ("feed-cases", "feed-status-changes", "feed-positions"):
        entries = atom(client, reverse(f"cases:{name}"))
        assert entries == [], name
        assert b"Draft Person" not in client.get(reverse(f"cases:{name}")).content
    assert client.get(reverse("cases:case-feed-positions", args=[draft.slug])).status_code == 404


def test_editors_follow_drafts_in_feeds(client):
    released(name="Draft Person", published=False)
    user = factories.UserFactory(is_staff=True, groups=["editors"])
    user.save()
    client.force_login(user)

    [entry] = atom(client, reverse("cases:feed-status-changes"))

    assert entry["title"].startswith("Draft Person")


def test_feeds_narrow_to_a_detaining_country_a_citizenship_or_one_case(client):
    in_russia, _ = released(name="Held In Russia", country="RU")
    released(name="Held In China", country="CN", citizenships=["CA"])
    for case in Case.objects.all():
        factories.PositionFactory(case=case)

    by_country = atom(client, reverse("cases:feed-status-changes"), detaining_country="RU")
    by_citizenship = atom(client, reverse("cases:feed-positions"), citizenship="CA")
    one_case = atom(client, reverse("cases:case-feed-positions", args=[in_russia.slug]))

    assert [e["title"].split(":")[0] for e in by_country] == ["Held In Russia"]
    assert [e["title"].split(" on ")[1].split(":")[0] for e in by_citizenship] == ["Held In China"]
    assert [e["title"].split(" on ")[1].split(":")[0] for e in one_case] == ["Held In Russia"]


def test_a_feed_with_filters_it_cannot_understand_is_not_found(client):
    assert client.get(reverse("cases:feed-cases"), {"status": "vanished"}).status_code == 404


def test_the_new_cases_feed_lists_published_cases_newest_first(client):
    factories.CaseFactory(person__name="First", detaining_country="RU")
    factories.CaseFactory(person__name="Second", detaining_country="CN")

    entries = atom(client, reverse("cases:feed-cases"))

    assert [e["title"].split(":")[0] for e in entries] == ["Second", "First"]
    assert entries[1]["title"] == "First: detained in Russia on 28 Dec 2018"


def test_the_pages_link_their_feeds_as_alternates(client):
    case, _ = released()

    index = client.get(reverse("cases:case-list"), {"detaining_country": "RU"}).content.decode()
    page = client.get(case.get_absolute_url()).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" title="Status changes of these cases" '
        'href="/feeds/status-changes/?detaining_country=RU">'
    ) in index
    assert f'href="/cases/{case.slug}/feeds/positions/">' in page


def test_a_feed_runs_as_many_queries_for_many_entries_as_for_one(client):
    released()
    url = reverse("cases:feed-status-changes")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        released(name=f"Person {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("feed", "index", "params"),
    [
        (feeds.NewCasesFeed, "case_created_order", {}),
        (feeds.NewCasesFeed, "case_created_order", {"detaining_country": "RU"}),
        (feeds.StatusChangesFeed, "status_change_created_order", {}),
        (feeds.PositionsFeed, "position_created_order", {}),
        (feeds.PositionsFeed, "position_created_order", {"citizenship": "US"}),
    ],
)
def test_a_feed_walks_its_newest_first_index_instead_of_sorting_every_record(feed, index, params):
    """Without it the new-cases feed sorted every published case: 1 s at 1,000,000 cases."""
    DemoDataGenerator(cases=40, seed=3).run()
    request = RequestFactory().get("/", params)
    request.user = AnonymousUser()
    items = feed().items(feeds.Scope(request))
    plan_as_for_large_tables()
    plan = items.explain()
    assert index in plan, plan
    assert not sorts(plan), plan


def test_a_filtered_feed_names_itself_with_its_filters_and_its_entries_by_address(client):
    released()
    url = reverse("cases:feed-status-changes")
    response = client.get(url, {"detaining_country": "RU", "citizenship": "US"})
    feed = ET.fromstring(response.content)
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"http://testserver{url}?detaining_country=RU&citizenship=US"
    assert feed.findtext(f"{ATOM}id") == self_link
    other = ET.fromstring(client.get(reverse("cases:feed-cases")).content)
    assert other.findtext(f"{ATOM}id") != feed.findtext(f"{ATOM}id")
    [entry] = atom(client, url, detaining_country="RU", citizenship="US")
    assert entry["id"] == entry["link"]
    assert entry["id"].startswith("http://testserver/cases/") and "#status-change-" in entry["id"]
    assert 'href="http://testserver/sources/' in entry["summary"]


def test_a_new_case_is_announced_by_its_detention_whatever_became_of_it(client):
    case, _ = released()
    refresh_statuses([case.pk])
    [entry] = atom(client, reverse("cases:feed-cases"))
    assert entry["title"].startswith("Paul Whelan: detained in Russia")
    assert "Status: Released." in entry["summary"]

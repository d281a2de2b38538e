"""The public pages: the registry index, a case and a source."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Citation, Source
from cases.views import CASES_PER_PAGE
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("cases:case-list")
SCRIPT = "<script>alert(1)</script>"


def source_url(source):
    return reverse("cases:source-detail", args=[source.pk])


def page_at(client, url):
    """The page at `url`, as text; it must answer 200."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        page_at(client, url)
    return len(queries)


def cite(case, quote, source=None, **fact):
    return factories.CitationFactory(
        case=case, source=source or factories.SourceFactory(), quote=quote, **fact
    )


def case_with_facts(facts=1, **kwargs):
    """A published case with `facts` charges, events and positions, each cited."""
    case = factories.CaseFactory(**kwargs)
    source = factories.SourceFactory()
    cite(case, "Lavrov and Blinken spoke on Thursday", source)
    for _ in range(facts):
        charge = factories.ChargeFactory(case=case)
        event = factories.EventFactory(case=case)
        position = factories.PositionFactory(case=case)
        cite(case, "convicted of espionage", source, charge=charge)
        cite(case, "Blinken called for the release", source, event=event)
        cite(case, "an interference in its domestic affairs", source, position=position)
    return case


def log_in(client, **kwargs):
    user = factories.UserFactory(**kwargs)
    # factories.UserFactory skips the save after set_password, and force_login's session
    # is bound to the password hash, so the stored user must have it.
    user.save()
    client.force_login(user)
    return user


def editor(client):
    return log_in(client, is_staff=True, groups=["editors"])


# The index


def test_the_index_lists_published_cases_with_their_details(client):
    person = factories.PersonFactory(
        name="Paul Whelan", native_name="Пол Уилан", citizenships=["US", "GB"]
    )
    factories.CaseFactory(
        person=person,
        detaining_country="RU",
        detained_on=datetime.date(2018, 12, 1),
        detained_on_precision="month",
        status=Case.Status.IMPRISONED,
    )

    page = client.get(INDEX).content.decode()

    assert "Paul Whelan" in page
    assert "Пол Уилан" in page
    assert "United States of America, United Kingdom" in page
    assert "Russia" in page
    assert "Convicted and imprisoned" in page
    assert '<time datetime="2018-12">Dec 2018</time>' in page


def test_the_index_hides_drafts_from_anonymous_visitors(client):
    factories.CaseFactory(person__name="Published Person")
    factories.CaseFactory(person__name="Draft Person", published=False)

    page = client.get(INDEX).content.decode()

    assert "Published Person" in page
    assert "Draft Person" not in page


def test_the_index_shows_editors_drafts_marked_as_drafts(client):
    factories.CaseFactory(person__name="Draft Person", published=False)
    editor(client)

    page = client.get(INDEX).content.decode()

    assert "Draft Person" in page
    assert "badge--draft" in page


def test_the_index_filters_by_status_with_the_case_filter(client):
    factories.CaseFactory(person__name="Still Held", status=Case.Status.DETAINED)
    factories.CaseFactory(person__name="Now Free", status=Case.Status.RELEASED)

    response = client.get(INDEX, {"status": "released"})
    page = response.content.decode()

    assert "Now Free" in page
    assert "Still Held" not in page
    assert re.search(r'<input[^>]*value="released"[^>]*checked', page)


def test_comma_separated_statuses_in_a_shared_link_filter_and_tick_both_boxes(client):
    factories.CaseFactory(person__name="Still Held", status=Case.Status.DETAINED)
    factories.CaseFactory(person__name="Now Free", status=Case.Status.RELEASED)
    factories.CaseFactory(person__name="Under Arrest", status=Case.Status.HOUSE_ARREST)

    page = client.get(INDEX, {"status": "detained,released"}).content.decode()

    assert "Still Held" in page and "Now Free" in page
    assert "Under Arrest" not in page
    assert re.search(r'<input[^>]*value="detained"[^>]*checked', page)
    assert re.search(r'<input[^>]*value="released"[^>]*checked', page)


def test_the_index_filters_by_detaining_country_citizenship_and_search(client):
    factories.CaseFactory(
        person__name="Held In China", detaining_country="CN", person__citizenships=["CA"]
    )
    factories.CaseFactory(
        person__name="Held In Russia", detaining_country="RU", person__citizenships=["US"]
    )

    by_country = client.get(INDEX, {"detaining_country": "CN"}).content.decode()
    by_citizenship = client.get(INDEX, {"citizenship": "US"}).content.decode()
    by_search = client.get(INDEX, {"search": "china"}).content.decode()

    assert "Held In China" in by_country and "Held In Russia" not in by_country
    assert "Held In Russia" in by_citizenship and "Held In China" not in by_citizenship
    assert "Held In China" in by_search and "Held In Russia" not in by_search


def test_the_country_choices_offer_the_countries_that_occur(client):
    factories.CaseFactory(detaining_country="CN", person__citizenships=["CA"])

    page = client.get(INDEX).content.decode()

    assert re.search(r'name="detaining_country" value="CN"[^>]*>\s*China</label>', page)
    assert re.search(r'name="citizenship" value="CA"[^>]*>\s*Canada</label>', page)
    assert "Zimbabwe" not in page


def test_an_unknown_filter_value_is_reported_not_taken_for_no_match(client):
    factories.CaseFactory(person__name="Still Held")

    response = client.get(INDEX, {"status": "vanished"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice. vanished is not one of the available choices." in page
    assert "Still Held" not in page


@pytest.mark.parametrize("name", ["detaining_country", "citizenship", "actor_country"])
@pytest.mark.parametrize("value", ["①", "²", "Ⅻ"])
def test_a_country_written_in_other_digits_is_refused_not_an_error(client, name, value):
    factories.CaseFactory()
    assert client.get(INDEX, {name: value}).status_code == 400


def test_the_index_counts_cases_by_status_and_links_each_count(client):
    factories.CaseFactory.create_batch(2, status=Case.Status.DETAINED, detaining_country="RU")
    factories.CaseFactory(status=Case.Status.RELEASED, detaining_country="RU")
    factories.CaseFactory(status=Case.Status.RELEASED, detaining_country="CN")

    page = client.get(INDEX, {"detaining_country": "RU", "status": "detained"}).content.decode()

    # Counted within the other filters, ignoring the status filter itself.
    assert re.search(r"Detained\s*<span class=\"count\">2</span>", page)
    assert re.search(r"Released\s*<span class=\"count\">1</span>", page)
    assert 'href="?detaining_country=RU&amp;status=released"' in page


def test_the_index_paginates_and_keeps_the_filters_in_page_links(client):
    factories.CaseFactory.create_batch(30, status=Case.Status.DETAINED)

    first = client.get(INDEX, {"status": "detained"}).content.decode()
    second = client.get(INDEX, {"status": "detained", "page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert 'href="?status=detained&amp;page=2"' in first
    assert first.count('data-label="Person"') == 25
    assert second.count('data-label="Person"') == 5


def test_every_index_form_field_has_a_label(client):
    factories.CaseFactory()

    page = client.get(INDEX).content.decode()

    for field_id in re.findall(r'<(?:input|select)[^>]*id="(id_[^"]+)"', page):
        if re.search(rf'<label[^>]*for="{field_id}"', page):
            continue
        # Checkboxes are labelled by the label wrapped around them.
        assert re.search(rf'<label><input[^>]*id="{field_id}"', page), field_id


def test_the_index_runs_as_many_queries_for_many_cases_as_for_a_page(client):
    # A full first page, which is counted (a page that is not full is its own count).
    factories.CaseFactory.create_batch(CASES_PER_PAGE)
    few = count_queries(client, INDEX)
    factories.CaseFactory.create_batch(20, person__citizenships=["US", "RU"])
    factories.ChargeFactory.create_batch(5)

    assert count_queries(client, INDEX) == few


# A case


def test_a_case_page_shows_who_the_person_is_and_the_status(client):
    person = factories.PersonFactory(
        name="Alexei Navalny", native_name="Алексей Навальный", citizenships=["RU", "DE"]
    )
    case = factories.CaseFactory(person=person, status=Case.Status.DETAINED, place="Moscow")

    page = page_at(client, case.get_absolute_url())

    assert "<h1" in page and "Alexei Navalny</h1>" in page
    assert "Алексей Навальный" in page
    assert re.search(r">Russia</a>, <a [^>]*>Germany</a>", page)
    assert ">Detained<" in page
    assert ">Russia</a>, Moscow" in page


def test_a_case_timeline_shows_dates_at_the_precision_the_source_gives(client):
    case = factories.CaseFactory(
        detained_on=datetime.date(2019, 1, 1),
        detained_on_precision="year",
        released_on=datetime.date(2022, 4, 27),
        released_on_precision="day",
        status=Case.Status.EXCHANGED,
    )
    factories.EventFactory(
        case=case,
        kind="verdict",
        occurred_on=datetime.date(2021, 1, 1),
        occurred_on_precision="month",
    )

    page = page_at(client, case.get_absolute_url())

    assert '<time datetime="2019">2019</time>' in page
    assert '<time datetime="2021-01">Jan 2021</time>' in page
    assert '<time datetime="2022-04-27">27 Apr 2022</time>' in page
    # A month-precise event is drawn over its whole month, not as a point.
    assert "timeline-bar timeline-bar--month" in page
    assert "Verdict" in page


def test_a_case_lists_charges_with_outcomes_and_sentences(client):
    case = factories.CaseFactory()
    factories.ChargeFactory(
        case=case,
        description="Espionage",
        statute="Article 276 of the Russian Criminal Code",
        outcome="convicted",
        sentence="16 years in a high-security penal colony",
        decided_on=datetime.date(2020, 6, 15),
        decided_on_precision="day",
    )

    page = page_at(client, case.get_absolute_url())

    assert "Espionage" in page
    assert "Article 276 of the Russian Criminal Code" in page
    assert "Convicted" in page
    assert "16 years in a high-security penal colony" in page
    assert "15 Jun 2020" in page


def test_a_case_groups_official_positions_by_country_and_actor(client):
    case = factories.CaseFactory()
    united_states = factories.ActorFactory(name="United States", country="US")
    russia = factories.ActorFactory(name="Russia", country="RU")
    lavrov = factories.ActorFactory(
        name="Sergei Lavrov", kind="official", country="", parent=russia
    )
    factories.PositionFactory(case=case, actor=united_states, stance="calls_for_release")
    factories.PositionFactory(case=case, actor=russia, stance="rejects_interference")
    factories.PositionFactory(case=case, actor=lavrov, stance="defends_prosecution")

    page = page_at(client, case.get_absolute_url())
    positions = page[page.index("Official positions") :]

    # Countries by name; an official with no country of their own sits with their state.
    assert positions.index(">Russia</h3>") < positions.index(">United States of America</h3>")
    russia_section = positions[: positions.index(">United States of America</h3>")]
    assert "Sergei Lavrov" in russia_section
    assert "rejects criticism as interference" in russia_section
    assert "calls for release" in positions[positions.index(">United States of America</h3>") :]


def test_every_fact_on_a_case_has_a_footnote_to_its_cited_passage(client):
    case = case_with_facts()
    page = page_at(client, case.get_absolute_url())

    citations = Citation.objects.filter(case=case)
    assert citations.count() == 4
    for citation in citations:
        target = f'href="{source_url(citation.source)}#citation-{citation.pk}"'
        assert target in page
        assert f'id="cite-ref-{citation.pk}"' in page


def test_two_passages_of_one_source_for_one_fact_get_distinct_footnote_labels(client):
    case = factories.CaseFactory()
    source = factories.SourceFactory()
    charge = factories.ChargeFactory(case=case)
    cite(case, "convicted of espionage", source, charge=charge)
    cite(case, "Blinken called for the release", source, charge=charge)

    page = page_at(client, case.get_absolute_url())

    assert ">[1a]</a>" in page and ">[1b]</a>" in page


def test_a_draft_case_is_not_found_for_anonymous_visitors(client):
    case = factories.CaseFactory(published=False)

    assert client.get(case.get_absolute_url()).status_code == 404


def test_a_draft_case_is_not_found_for_users_without_view_permission(client):
    case = factories.CaseFactory(published=False)
    log_in(client)

    assert client.get(case.get_absolute_url()).status_code == 404


def test_an_editor_sees_a_draft_marked_with_a_link_to_edit_it_in_the_admin(client):
    case = factories.CaseFactory(published=False)
    editor(client)

    page = page_at(client, case.get_absolute_url())

    assert "This case is not published" in page
    assert f'href="{reverse("admin:cases_case_change", args=[case.pk])}"' in page
    assert "Edit in the admin" in page


def test_a_viewer_sees_a_draft_with_a_link_to_open_it_in_the_admin(client):
    case = factories.CaseFactory(published=False)
    log_in(client, is_staff=True, groups=["viewers"])

    page = page_at(client, case.get_absolute_url())

    assert "Open in the admin" in page


def test_a_published_case_has_no_draft_notice(client):
    case = factories.CaseFactory()
    editor(client)

    assert "not published" not in page_at(client, case.get_absolute_url())


def test_a_case_page_runs_as_many_queries_for_many_facts_as_for_one(client):
    small = case_with_facts(facts=1)
    large = case_with_facts(facts=8)

    assert count_queries(client, large.get_absolute_url()) == count_queries(
        client, small.get_absolute_url()
    )


def test_a_case_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    case = case_with_facts(facts=5)

    # The case with its person, then charges, events, positions, status changes,
    # the case's citations, each fact's citations and the lists the case came from:
    # one query each.
    with django_assert_max_num_queries(11):
        client.get(case.get_absolute_url())


# A source


def test_a_source_page_shows_its_metadata_and_links_to_the_original(client):
    source = factories.SourceFactory(
        title="Moscow open to better Washington ties",
        outlet="China Daily",
        author="Ren Qi",
        url="https://example.org/article",
        published_at=datetime.datetime(2021, 2, 6, 1, 12, tzinfo=datetime.UTC),
    )
    cite(factories.CaseFactory(), "convicted of espionage", source)

    page = page_at(client, source_url(source))

    assert "Moscow open to better Washington ties</h1>" in page
    assert "China Daily" in page
    assert "Ren Qi" in page
    assert "6 Feb 2021" in page
    assert 'href="https://example.org/article"' in page


def test_a_source_dated_by_its_update_alone_shows_that_day_and_time_as_printed(client):
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    source = factories.SourceFactory(
        title="Moscow open to better Washington ties",
        published_at=None,
        updated_at=datetime.datetime(2021, 2, 6, 7, 12, tzinfo=beijing),
    )
    case = factories.CaseFactory()
    cite(case, "convicted of espionage", source)

    assert "6 Feb 2021, 07:12 UTC+08:00" in page_at(client, source_url(source))
    assert '<time datetime="2021-02-06">6 Feb 2021</time>' in page_at(
        client, case.get_absolute_url()
    )


def test_a_source_page_highlights_each_cited_passage_linking_back_to_its_claim(client):
    case = factories.CaseFactory(person__name="Paul Whelan")
    charge = factories.ChargeFactory(case=case, description="Espionage")
    citation = cite(case, "convicted of espionage", charge=charge)

    page = page_at(client, source_url(citation.source))

    assert (
        f'<mark id="citation-{citation.pk}" class="citation">convicted of espionage</mark>' in page
    )
    assert f'href="{case.get_absolute_url()}#cite-ref-{citation.pk}"' in page
    assert "Back to the claim: the charge Espionage in the case of Paul Whelan" in page


def test_overlapping_passages_nest_their_highlights_and_keep_the_text_whole(client):
    case = factories.CaseFactory()
    source = factories.SourceFactory()
    outer = cite(case, "Blinken called for the release of Paul Whelan", source)
    inner = cite(case, "the release of Paul Whelan, convicted of espionage", source)

    page = page_at(client, source_url(source))

    assert f'<mark id="citation-{outer.pk}" class="citation">Blinken called for </mark>' in page
    assert (
        f'<mark class="citation"><mark id="citation-{inner.pk}" class="citation">'
        "the release of Paul Whelan</mark></mark>"
    ) in page
    assert '<mark class="citation">, convicted of espionage</mark>' in page
    # Each passage has exactly one anchor for the case page's footnotes to land on.
    assert page.count(f'id="citation-{outer.pk}"') == 1
    assert page.count(f'id="citation-{inner.pk}"') == 1


def test_a_passage_whose_offsets_went_stale_is_found_again(client):
    citation = cite(factories.CaseFactory(), "convicted of espionage")
    source = citation.source
    # An edit earlier in the text shifts the passage; the stored offsets no longer frame it.
    Source.objects.filter(pk=source.pk).update(text="A new first line.\n" + source.text)

    page = page_at(client, source_url(source))

    assert (
        f'<mark id="citation-{citation.pk}" class="citation">convicted of espionage</mark>' in page
    )


def test_a_source_page_lists_only_the_visible_cases_citing_it(client):
    source = factories.SourceFactory()
    cite(factories.CaseFactory(person__name="Public Case"), "convicted of espionage", source)
    hidden = cite(
        factories.CaseFactory(person__name="Draft Case", published=False),
        "Blinken called for the release",
        source,
    )

    page = page_at(client, source_url(source))

    assert "Public Case" in page
    assert "Draft Case" not in page
    assert f'id="citation-{hidden.pk}"' not in page


def test_a_source_cited_only_by_drafts_is_not_found_for_anonymous_visitors(client):
    source = factories.SourceFactory()
    cite(factories.CaseFactory(published=False), "convicted of espionage", source)

    assert client.get(source_url(source)).status_code == 404
    assert client.get(source_url(factories.SourceFactory())).status_code == 404


def test_an_editor_sees_a_source_nothing_cites_yet(client):
    source = factories.SourceFactory()
    editor(client)

    assert client.get(source_url(source)).status_code == 200


def test_a_source_page_runs_as_many_queries_for_many_citations_as_for_one(client):
    small, large = factories.SourceFactory(), factories.SourceFactory()
    cite(factories.CaseFactory(), "convicted of espionage", small)
    for _ in range(6):
        case = factories.CaseFactory()
        cite(case, "convicted of espionage", large, charge=factories.ChargeFactory(case=case))
        cite(case, "Blinken called", large, event=factories.EventFactory(case=case))
        cite(case, "an interference", large, position=factories.PositionFactory(case=case))

    assert count_queries(client, source_url(large)) == count_queries(client, source_url(small))


# Escaping


def test_markup_in_names_quotes_and_texts_renders_as_text(client):
    person = factories.PersonFactory(name=f"Evil {SCRIPT}", native_name=SCRIPT, aliases=SCRIPT)
    case = factories.CaseFactory(person=person, summary=SCRIPT, place=SCRIPT)
    factories.ChargeFactory(case=case, description=SCRIPT, sentence=SCRIPT)
    factories.EventFactory(case=case, description=SCRIPT, place=SCRIPT)
    factories.PositionFactory(case=case, actor=factories.ActorFactory(name=SCRIPT), summary=SCRIPT)
    source = factories.SourceFactory(
        title=SCRIPT, outlet=SCRIPT, author=SCRIPT, text=f"Before {SCRIPT} after & more."
    )
    cite(case, SCRIPT, source)

    for url in (INDEX, case.get_absolute_url(), source_url(source)):
        page = client.get(url).content.decode()
        assert "<script>" not in page, url
        assert "&lt;script&gt;" in page, url
    source_page = page_at(client, source_url(source))
    assert "after &amp; more." in source_page


# Static files


def test_the_pages_use_the_apps_own_stylesheet_and_no_cdn(client):
    factories.CaseFactory()

    page = client.get(INDEX).content.decode()

    assert '<link rel="stylesheet" href="/static/css/registry.css">' in page
    assert "//cdn" not in page
    assert "<script" not in page


def test_a_case_with_no_dates_events_or_facts_still_reads(client):
    case = factories.CaseFactory(
        detained_on=None, detained_on_precision="", status=Case.Status.UNKNOWN
    )

    page = page_at(client, case.get_absolute_url())

    assert "No dated event is recorded." in page
    assert "No charge is recorded." in page
    assert "No official position is recorded." in page


def test_a_missing_page_says_so_in_the_registrys_layout(client):
    response = client.get(reverse("cases:case-detail", args=["nobody"]))

    assert response.status_code == 404
    assert "Browse the registry" in response.content.decode()

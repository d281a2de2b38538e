import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cases.admin.filters import CitizenshipFilter
from cases.models import (
    Actor,
    Case,
    CaseList,
    Charge,
    Citation,
    ColumnMapping,
    ImportLog,
    ListEntry,
    Person,
    Source,
)
from cases.versioning import etag
from tests import factories
from tests.factories import (
    CaseFactory,
    CitationFactory,
    PersonFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    return build_registry()


def build_registry():
    """A realistic small registry: a case with every kind of fact, each cited, and a draft."""
    whelan = factories.PersonFactory(
        name="Paul Whelan",
        native_name="Пол Уилан",
        aliases="Paul N. Whelan",
        citizenships=["US", "GB", "IE", "CA"],
    )
    case = factories.CaseFactory(person=whelan)
    charge = factories.ChargeFactory(case=case, description="Espionage", statute="Article 276")
    event = factories.EventFactory(case=case, place="Moscow")
    blinken = factories.ActorFactory(
        name="Antony Blinken",
        kind="official",
        role="US Secretary of State",
        parent=factories.ActorFactory(),
    )
    position = factories.PositionFactory(
        case=case,
        actor=blinken,
        stated_on=datetime.date(2021, 2, 1),
        stated_on_precision="month",
    )
    source = SourceFactory(title="Moscow open to better Washington ties", outlet="China Daily")
    CitationFactory(source=source, case=case, charge=charge, quote="convicted of espionage")
    CitationFactory(source=source, case=case, event=event)
    CitationFactory(source=source, case=case, position=position)
    CitationFactory(source=source, case=case, quote="Lavrov and Blinken spoke on Thursday.")
    status_change = StatusChangeFactory(case=case, status="imprisoned")
    CitationFactory(source=source, case=case, status_change=status_change)
    draft = CaseFactory(
        person=PersonFactory(name="Trevor Reed", citizenships=["US"]),
        published=False,
        detained_on=datetime.date(2019, 8, 1),
        detained_on_precision="month",
    )
    factories.SourceLinkFactory(source=source, case=draft)
    # An imported list, with a case from it, a saved mapping and the import's log.
    partner = CaseList.objects.create(name=f"partner-{draft.pk}.csv")
    ListEntry.objects.create(case=draft, case_list=partner, external_id="17", source=source, row=2)
    ColumnMapping.objects.create(name=f"partner-{draft.pk}", columns={"Name": "person.name"})
    ImportLog.objects.create(
        file_name="partner.csv", file_sha256="0" * 64, case_list=partner, rejects="Name,reason\n"
    )
    Group.objects.get_or_create(name="Researchers")
    Token.objects.create(user=factories.UserFactory())
    return {"case": case, "charge": charge, "source": source, "draft": draft}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def count_queries(client, url):
    """Queries one request for `url` makes, once per-process caches (content types) are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_answers_for_a_superuser(admin_client, registry, model):
    changelist = admin_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    cl = changelist.context["cl"]
    rows = cl.result_list
    if model._meta.app_label == "cases":
        assert rows, f"the test registry has no {model._meta.label}"
    if rows:
        # The change list knows each row's change URL (the token admin maps it to the user's id).
        change_url = cl.url_for_result(rows[0])
        assert admin_client.get(change_url).status_code == 200, change_url
    # Some third-party admins are read-only logs (django-axes); they refuse the add page by design.
    if cl.model_admin.has_add_permission(changelist.wsgi_request):
        add_url = admin_url(model, "add")
        assert admin_client.get(add_url).status_code == 200, add_url


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_list_filter_choice_and_a_search_answer(admin_client, registry, model):
    url = admin_url(model, "changelist")
    changelist = admin_client.get(url).context["cl"]
    query_strings = [
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    ]
    if changelist.search_fields:
        query_strings.append("?q=Whelan")
    for query_string in query_strings:
        response = admin_client.get(url + query_string)
        assert response.status_code == 200, query_string
        # An invalid filter value makes the admin redirect with ?e=1 instead of failing.
        assert "e" not in response.context["cl"].params, query_string


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_list_costs_the_same_queries_for_few_rows_or_many(admin_client, model):
    url = admin_url(model, "changelist")

    build_registry()
    few = count_queries(admin_client, url)
    build_registry()
    build_registry()
    assert count_queries(admin_client, url) == few


def test_the_case_list_counts_distinct_sources_cited(admin_client):
    case = factories.CaseFactory()
    first, second = factories.SourceFactory(), factories.SourceFactory()
    factories.CitationFactory(case=case, source=first)
    factories.CitationFactory(case=case, source=first, quote="Lavrov and Blinken spoke")
    factories.CitationFactory(case=case, source=second)
    uncited = factories.CaseFactory()

    response = admin_client.get(admin_url(Case, "changelist"))

    counts = {row.pk: row.source_count for row in response.context["cl"].result_list}
    assert counts == {case.pk: 2, uncited.pk: 0}


def test_the_case_list_reads_its_country_choices_once_until_the_registry_changes(admin_client):
    factories.CaseFactory(detaining_country="RU", person__citizenships=["US"])

    def choices_read():
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(admin_url(Case, "changelist")).text
        distinct = [q["sql"] for q in queries if q["sql"].startswith("SELECT DISTINCT")]
        reads = [sql for sql in distinct if "country" in sql or "citizenships" in sql]
        return len(reads), "detaining_country=BY" in page, "citizenship=DE" in page

    assert choices_read() == (2, False, False)
    assert choices_read() == (0, False, False)
    factories.CaseFactory(detaining_country="BY", person__citizenships=["DE"])
    assert choices_read() == (2, True, True)


@pytest.mark.parametrize("model", [Case, Citation, Source])
def test_a_change_list_counts_its_rows_once_until_the_registry_changes(admin_client, model):
    factories.CitationFactory()

    def counts_and_total():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(admin_url(model, "changelist"))
        counted = [q["sql"] for q in queries if "COUNT(*)" in q["sql"] and "__count" in q["sql"]]
        return len(counted), response.context["cl"].result_count

    assert counts_and_total() == (1, 1)
    assert counts_and_total() == (0, 1)
    factories.CitationFactory()  # A write moves the registry's version on.
    assert counts_and_total() == (1, 2)


def dated(model, year):
    when = datetime.date(year, 3, 1)
    if model is Case:
        return factories.CaseFactory(detained_on=when, detained_on_precision="day")
    return factories.SourceFactory(
        published_at=datetime.datetime(year, 3, 1, 12, tzinfo=datetime.UTC)
    )


@pytest.mark.parametrize("model", [Case, Source])
def test_a_change_lists_date_hierarchy_is_read_once_until_the_registry_changes(admin_client, model):
    dated(model, 2019)
    dated(model, 2021)

    def truncations_and_years(**params):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(admin_url(model, "changelist"), params)
        truncations = [q for q in queries if "trunc(" in q["sql"].lower()]
        return len(truncations), re.findall(r"__year=(\d{4})", response.text)

    reads, years = truncations_and_years()
    assert reads > 0
    assert years == ["2019", "2021"]
    assert truncations_and_years() == (0, ["2019", "2021"])
    dated(model, 2023)  # A write moves the registry's version on.
    reads, years = truncations_and_years()
    assert reads > 0
    assert years == ["2019", "2021", "2023"]
    # A year's months are a hierarchy of their own.
    field = model._meta.get_field("detained_on" if model is Case else "published_at").name
    reads, _ = truncations_and_years(**{f"{field}__year": "2021"})
    assert reads > 0
    assert truncations_and_years(**{f"{field}__year": "2021"})[0] == 0


def test_the_source_list_reads_its_outlets_once_until_the_registry_changes(admin_client):
    factories.SourceFactory(outlet="Meduza")

    def outlets():
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(admin_url(Source, "changelist")).text
        read = [
            q["sql"]
            for q in queries
            if q["sql"].startswith('SELECT DISTINCT "cases_source"."outlet"')
        ]
        return len(read), "outlet=Meduza" in page, "outlet=Novaya+Gazeta" in page

    assert outlets() == (1, True, False)
    assert outlets() == (0, True, False)
    factories.SourceFactory(outlet="Novaya Gazeta")
    assert outlets() == (1, True, True)


def test_the_case_list_shows_dates_at_their_precision(admin_client):
    factories.CaseFactory(detained_on=datetime.date(2021, 1, 1), detained_on_precision="month")

    response = admin_client.get(admin_url(Case, "changelist"))

    assert "Jan 2021" in response.text
    assert "1 Jan 2021" not in response.text


def cells(response, column):
    return re.findall(rf'<td class="field-{column}">([^<]*)</td>', response.text)


def test_the_case_list_names_the_detaining_country_and_sorts_by_it(admin_client):
    factories.CaseFactory(detaining_country="RU")
    factories.CaseFactory(detaining_country="BY")
    url = admin_url(Case, "changelist")

    response = admin_client.get(url)
    assert sorted(cells(response, "detained_in")) == ["Belarus", "Russia"]
    # The column header's link sorts by it.
    column = re.search(r'column-detained_in">.*?href="\?o=(\d+)', response.text, re.DOTALL)[1]
    assert cells(admin_client.get(url, {"o": column}), "detained_in") == ["Belarus", "Russia"]
    assert cells(admin_client.get(url, {"o": f"-{column}"}), "detained_in") == ["Russia", "Belarus"]


def test_the_actor_list_names_the_country_or_shows_none(admin_client):
    factories.ActorFactory(name="State Department", country="US")
    factories.ActorFactory(name="UN Working Group", country="")

    names = cells(admin_client.get(admin_url(Actor, "changelist")), "country_name")

    assert sorted(names) == ["-", "United States of America"]


def test_the_citizenship_filter_finds_every_holder_of_a_citizenship(admin_client):
    dual = factories.CaseFactory(person=factories.PersonFactory(citizenships=["US", "GB"]))
    american = factories.CaseFactory(person=factories.PersonFactory(citizenships=["US"]))
    factories.CaseFactory(person=factories.PersonFactory(citizenships=["RU"]))
    url = admin_url(Case, "changelist")

    by_gb = admin_client.get(url, {"citizenship": "GB"}).context["cl"]
    by_us = admin_client.get(url, {"citizenship": "US"}).context["cl"]

    assert {case.pk for case in by_gb.result_list} == {dual.pk}
    assert {case.pk for case in by_us.result_list} == {dual.pk, american.pk}
    citizenship_filter = next(s for s in by_gb.filter_specs if isinstance(s, CitizenshipFilter))
    assert [code for code, _ in citizenship_filter.lookup_choices] == ["RU", "GB", "US"]


def test_the_case_search_matches_aliases_native_names_and_charges(admin_client):
    whelan = factories.CaseFactory(
        person=factories.PersonFactory(native_name="Пол Уилан", aliases="P. N. Whelan")
    )
    factories.ChargeFactory(case=whelan, description="Espionage", statute="Article 276")
    factories.ChargeFactory(case=whelan, description="Espionage, second count")
    factories.CaseFactory()
    url = admin_url(Case, "changelist")

    for term in ("Уилан", "P. N. Whelan", "espionage", "Article 276"):
        results = admin_client.get(url, {"q": term}).context["cl"].result_list
        assert [case.pk for case in results] == [whelan.pk], term


# The inlines of the case change form, by the prefix of their rows.
CASE_INLINES = ("status_changes", "charges", "events", "positions", "citations", "source_links")


def inline_rows(prefix, rows, initial=0):
    """An inline's rows as the browser posts them: the management form, then each row's fields.

    The first `initial` rows are records already saved (each row then names its `id`).
    """
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def case_form_data(case, **changes):
    """The case change form as a browser would post it, with empty inlines."""
    data = {
        "version": etag(case),
        "person": case.person_id,
        "status": case.status,
        "detaining_country": case.detaining_country.code,
        "place": case.place,
        "detained_on": case.detained_on.isoformat(),
        "detained_on_precision": case.detained_on_precision,
        "released_on": "",
        "released_on_precision": "",
        "summary": case.summary,
    }
    if case.published:
        data["published"] = "on"
    for prefix in CASE_INLINES:
        data.update(inline_rows(prefix, []))
    data.update(changes)
    return data


def test_saving_a_case_with_a_quote_not_in_the_source_shows_the_error_and_saves_nothing(
    admin_client,
):
    case = factories.CaseFactory(summary="Before.")
    source = factories.SourceFactory(title="Moscow open to better Washington ties")
    data = case_form_data(
        case,
        summary="After.",
        **inline_rows("charges", [{"description": "Espionage", "outcome": "convicted"}]),
        **inline_rows(
            "citations", [{"source": source.pk, "quote": "Whelan was released", "claim": ""}]
        ),
    )

    response = admin_client.post(admin_url(Case, "change", case.pk), data)

    assert response.status_code == 200
    citation_form = response.context["inline_admin_formsets"][3].formset.forms[0]
    assert "Moscow open to better Washington ties" in citation_form.errors["quote"][0]
    assert "does not occur in the text" in response.text
    case.refresh_from_db()
    assert case.summary == "Before."
    assert not Charge.objects.filter(case=case).exists()
    assert not Citation.objects.exists()


def test_a_citation_on_the_case_page_supports_one_of_the_cases_own_facts(admin_client):
    case = factories.CaseFactory()
    charge = factories.ChargeFactory(case=case)
    source = factories.SourceFactory()
    citation = {
        "source": source.pk,
        "quote": "called for the release of Paul  Whelan",
        "claim": f"charge:{charge.pk}",
    }
    data = case_form_data(case, **inline_rows("citations", [citation]))

    response = admin_client.post(admin_url(Case, "change", case.pk), data)

    assert response.status_code == 302
    citation = Citation.objects.get()
    assert (citation.case, citation.charge, citation.event, citation.position) == (
        case,
        charge,
        None,
        None,
    )
    assert source.text[citation.start : citation.end] == "called for the release of Paul Whelan"


def test_a_citation_cannot_support_another_cases_charge(admin_client):
    case = factories.CaseFactory()
    elsewhere = factories.ChargeFactory()
    citation = {
        "source": factories.SourceFactory().pk,
        "quote": "Blinken called for the release of Paul Whelan",
        "claim": f"charge:{elsewhere.pk}",
    }
    data = case_form_data(case, **inline_rows("citations", [citation]))

    response = admin_client.post(admin_url(Case, "change", case.pk), data)

    assert response.status_code == 200
    assert "claim" in response.context["inline_admin_formsets"][3].formset.forms[0].errors
    assert not Citation.objects.exists()


def test_the_citation_inline_offers_only_the_cases_own_facts(admin_client, registry):
    factories.ChargeFactory(description="Someone else's charge")

    response = admin_client.get(admin_url(Case, "change", registry["case"].pk))

    forms = response.context["inline_admin_formsets"][3].formset.forms
    choices = forms[0].fields["claim"].choices
    labels = [label for _, group in choices[1:] for _, label in group]
    assert "Charge: Espionage" in labels
    assert "Someone else's charge" not in labels
    supported = {form["claim"].value() for form in forms}
    assert f"charge:{registry['charge'].pk}" in supported
    assert f"case:{registry['case'].pk}" in supported


def test_the_source_page_lists_the_cases_and_claims_citing_it(admin_client, registry):
    response = admin_client.get(
        admin_url(type(registry["source"]), "change", registry["source"].pk)
    )

    assert admin_url(Case, "change", registry["case"].pk) in response.text
    assert "charge Espionage" in response.text
    assert "convicted of espionage" in response.text
    assert "position Antony Blinken: calls for release" in response.text
    assert registry["source"].sha256 in response.text


def test_the_source_page_costs_the_same_queries_for_one_citation_or_many(admin_client):
    source = factories.SourceFactory()
    url = admin_url(type(source), "change", source.pk)

    factories.CitationFactory(source=source, charge=None)
    one = count_queries(admin_client, url)
    for _ in range(3):
        case = factories.CaseFactory()
        factories.CitationFactory(
            source=source, case=case, charge=factories.ChargeFactory(case=case)
        )
        factories.CitationFactory(
            source=source, case=case, position=factories.PositionFactory(case=case)
        )
    assert count_queries(admin_client, url) == one


def test_the_person_page_links_to_each_of_their_cases(admin_client):
    person = factories.PersonFactory()
    cases = [
        factories.CaseFactory(person=person),
        factories.CaseFactory(person=person, published=False),
    ]

    response = admin_client.get(admin_url(Person, "change", person.pk))

    for case in cases:
        assert admin_url(Case, "change", case.pk) in response.text
    assert "(draft)" in response.text


def test_adding_a_person_keeps_one_alias_per_line_and_derives_the_slug(admin_client):
    response = admin_client.post(
        admin_url(Person, "add"),
        {
            "name": "Alexei Navalny",
            "native_name": "Алексей Навальный",
            "aliases": "  Aleksei Navalny \n\nAlexey Navalny\nAleksei Navalny\n",
            "citizenships": ["RU"],
            "slug": "",
        },
    )

    assert response.status_code == 302
    person = Person.objects.get()
    assert person.aliases == "Aleksei Navalny\nAlexey Navalny"
    assert person.slug == "alexei-navalny"
    assert [country.code for country in person.citizenships] == ["RU"]


def test_settling_a_source_link_records_the_reviewer(admin_client):
    link = factories.SourceLinkFactory()

    admin_client.post(
        admin_url(type(link), "change", link.pk),
        {
            "version": etag(link),
            "source": link.source_id,
            "case": link.case_id,
            "status": "accepted",
            "matched_names": "",
        },
    )

    link.refresh_from_db()
    assert link.status == "accepted"
    assert link.reviewed_by is not None
    assert link.reviewed_at is not None


def test_a_slug_is_optional_when_adding_and_read_only_afterwards(admin_client):
    case = factories.CaseFactory()

    add_form = admin_client.get(admin_url(Case, "add")).context["adminform"].form
    change_form = admin_client.get(admin_url(Case, "change", case.pk)).context["adminform"].form

    assert not add_form.fields["slug"].required
    assert "slug" not in change_form.fields

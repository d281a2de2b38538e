"""CaseFilter, as the API and the public pages use it: each filter keeps one case and drops another."""

import datetime

import pytest
from django.http import QueryDict

from cases.models import Case, Position
from cases.search.filters import CaseFilter
from tests import factories

pytestmark = pytest.mark.django_db


def filtered(query):
    case_filter = CaseFilter(QueryDict(query), queryset=Case.objects.all())
    assert case_filter.is_valid(), case_filter.errors
    return set(case_filter.qs)


def errors(query):
    case_filter = CaseFilter(QueryDict(query), queryset=Case.objects.all())
    assert not case_filter.is_valid()
    return case_filter.errors


def test_no_parameters_keep_every_case():
    cases = {factories.CaseFactory(), factories.CaseFactory(published=False)}
    assert filtered("") == cases


def test_status_keeps_cases_with_that_status():
    held = factories.CaseFactory(status=Case.Status.DETAINED)
    factories.CaseFactory(
        status=Case.Status.RELEASED,
        released_on=datetime.date(2020, 1, 1),
        released_on_precision="day",
    )
    assert filtered("status=detained") == {held}


def test_held_means_every_status_in_custody_and_combines_with_others():
    in_custody = {
        factories.CaseFactory(status=status)
        for status in (Case.Status.DETAINED, Case.Status.IMPRISONED, Case.Status.HOUSE_ARREST)
    }
    exchanged = factories.CaseFactory(status=Case.Status.EXCHANGED)
    factories.CaseFactory(status=Case.Status.DIED_IN_CUSTODY)
    assert filtered("status=held") == in_custody
    assert filtered("status=held,exchanged") == in_custody | {exchanged}


def test_repeated_and_comma_separated_values_mean_any_of():
    held = factories.CaseFactory(status=Case.Status.DETAINED)
    imprisoned = factories.CaseFactory(status=Case.Status.IMPRISONED)
    factories.CaseFactory(status=Case.Status.UNKNOWN)
    assert filtered("status=detained&status=imprisoned") == {held, imprisoned}
    assert filtered("status=detained,imprisoned") == {held, imprisoned}


def test_detaining_country_accepts_lower_case_codes():
    in_russia = factories.CaseFactory(detaining_country="RU")
    factories.CaseFactory(detaining_country="CN")
    assert filtered("detaining_country=ru") == {in_russia}


def test_citizenship_matches_any_of_the_persons_citizenships():
    dual = factories.CaseFactory(person=factories.PersonFactory(citizenships=["RU", "US"]))
    factories.CaseFactory(person=factories.PersonFactory(citizenships=["GB"]))
    assert filtered("citizenship=US") == {dual}


def test_published_keeps_published_or_draft_cases():
    published = factories.CaseFactory(published=True)
    draft = factories.CaseFactory(published=False)
    assert filtered("published=true") == {published}
    assert filtered("published=false") == {draft}


def test_charge_matches_description_or_statute_ignoring_case():
    spy = factories.ChargeFactory(description="Espionage").case
    by_statute = factories.ChargeFactory(
        description="Treason", statute="Article 276 (espionage)"
    ).case
    factories.ChargeFactory(description="Fraud")
    assert filtered("charge=ESPIONAGE") == {spy, by_statute}


def test_outcome_keeps_cases_with_a_charge_of_that_outcome():
    acquitted = factories.ChargeFactory(outcome="acquitted").case
    factories.ChargeFactory(outcome="convicted")
    assert filtered("outcome=acquitted") == {acquitted}


def test_charge_and_outcome_describe_the_same_charge():
    convicted_of_espionage = factories.ChargeFactory(
        description="Espionage", outcome="convicted"
    ).case
    mixed = factories.ChargeFactory(description="Espionage", outcome="pending").case
    factories.ChargeFactory(case=mixed, description="Fraud", outcome="convicted")
    assert filtered("charge=espionage&outcome=convicted") == {convicted_of_espionage}


def test_detained_after_and_before_are_inclusive():
    early = factories.CaseFactory(detained_on=datetime.date(2018, 12, 28))
    late = factories.CaseFactory(detained_on=datetime.date(2022, 2, 17))
    assert filtered("detained_after=2022-02-17") == {late}
    assert filtered("detained_before=2018-12-28") == {early}


def test_released_after_and_before_are_inclusive():
    early = factories.CaseFactory(
        status="released", released_on=datetime.date(2020, 4, 27), released_on_precision="day"
    )
    late = factories.CaseFactory(
        status="exchanged", released_on=datetime.date(2024, 8, 1), released_on_precision="day"
    )
    factories.CaseFactory(released_on=None)
    assert filtered("released_after=2024-08-01") == {late}
    assert filtered("released_before=2020-04-27") == {early}


def test_released_counts_a_release_date_or_a_released_status():
    dated = factories.CaseFactory(
        released_on=datetime.date(2020, 4, 27), released_on_precision="day"
    )
    undated = factories.CaseFactory(status=Case.Status.EXCHANGED, released_on=None)
    held = factories.CaseFactory(status=Case.Status.IMPRISONED, released_on=None)
    assert filtered("released=true") == {dated, undated}
    assert filtered("released=false") == {held}


@pytest.mark.parametrize(
    "factory, parameter, named",
    [
        (factories.PositionFactory, "actor", "actor_id"),  # the cases the actor took a position on
        (factories.CitationFactory, "source", "source_id"),  # the cases that cite the source
    ],
)
def test_actor_and_source_keep_the_cases_of_the_records_naming_them(factory, parameter, named):
    kept = factory()
    factory()
    assert filtered(f"{parameter}={getattr(kept, named)}") == {kept.case}


def test_actor_country_keeps_cases_with_a_position_by_an_actor_of_that_country():
    american = factories.PositionFactory(actor=factories.ActorFactory(country="US")).case
    factories.PositionFactory(actor=factories.ActorFactory(country="FR"))
    assert filtered("actor_country=us") == {american}


def test_stance_keeps_cases_with_a_position_of_that_stance():
    disputed = factories.PositionFactory(stance=Position.Stance.DISPUTES_CHARGES).case
    factories.PositionFactory(stance=Position.Stance.DEFENDS_PROSECUTION)
    assert filtered("stance=disputes_charges") == {disputed}


def test_actor_country_and_stance_describe_the_same_position():
    united_states, russia = (
        factories.ActorFactory(country="US"),
        factories.ActorFactory(country="RU"),
    )
    called_by_us = factories.PositionFactory(actor=united_states, stance="calls_for_release").case
    mixed = factories.PositionFactory(actor=united_states, stance="expresses_concern").case
    factories.PositionFactory(case=mixed, actor=russia, stance="calls_for_release")
    assert filtered("actor_country=US&stance=calls_for_release") == {called_by_us}


def test_search_looks_in_names_aliases_summary_and_charges():
    by_name = factories.CaseFactory(person=factories.PersonFactory(name="Paul Whelan"))
    by_native_name = factories.CaseFactory(person=factories.PersonFactory(native_name="Пол Уилан"))
    by_alias = factories.CaseFactory(
        person=factories.PersonFactory(aliases="P. Whelan\nPaul N. Whelan")
    )
    by_summary = factories.CaseFactory(summary="Arrested in a Moscow hotel; Whelan denies it.")
    by_charge = factories.ChargeFactory(description="Spying, per the Whelan indictment").case
    factories.CaseFactory(
        person=factories.PersonFactory(name="Evan Gershkovich"), summary="A reporter."
    )
    assert filtered("search=whelan") == {by_name, by_alias, by_summary, by_charge}
    assert filtered("search=Уилан") == {by_native_name}


def test_filters_combine_with_and():
    wanted = factories.CaseFactory(detaining_country="RU", status="detained")
    factories.CaseFactory(detaining_country="RU", status="imprisoned")
    factories.CaseFactory(detaining_country="CN", status="detained")
    assert filtered("detaining_country=RU&status=detained") == {wanted}


def test_ordering_sorts_and_breaks_ties_by_id():
    first = factories.CaseFactory(
        person=factories.PersonFactory(name="Alice"), detained_on=datetime.date(2020, 1, 1)
    )
    second = factories.CaseFactory(
        person=factories.PersonFactory(name="Bob"), detained_on=datetime.date(2020, 1, 1)
    )
    third = factories.CaseFactory(
        person=factories.PersonFactory(name="Carol"), detained_on=datetime.date(2021, 1, 1)
    )
    case_filter = CaseFilter(QueryDict("ordering=detained_on"), queryset=Case.objects.all())
    assert list(case_filter.qs) == [first, second, third]
    case_filter = CaseFilter(QueryDict("ordering=-person__name"), queryset=Case.objects.all())
    assert list(case_filter.qs) == [third, second, first]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("status=vanished", "status"),
        ("detaining_country=XX", "detaining_country"),
        ("citizenship=USA", "citizenship"),
        ("actor_country=ZZ", "actor_country"),
        ("published=maybe", "published"),
        ("released=sometimes", "released"),
        ("outcome=guilty", "outcome"),
        ("stance=neutral", "stance"),
        ("detained_after=2020-02-30", "detained_after"),
        ("detained_before=01/02/2020", "detained_before"),
        ("released_after=yesterday", "released_after"),
        ("released_before=2020", "released_before"),
        ("actor=abc", "actor"),
        ("actor=999999", "actor"),
        ("source=999999", "source"),
        ("ordering=summary", "ordering"),
    ],
)
def test_values_it_cannot_understand_are_errors_naming_the_parameter(query, parameter):
    assert list(errors(query)) == [parameter]


def test_source_choices_do_not_load_the_full_texts():
    factories.SourceFactory()
    source_field = CaseFilter().form.fields["source"]
    assert all("text" in source.get_deferred_fields() for source in source_field.queryset)


def test_the_form_renders_the_chosen_values():
    html = CaseFilter(QueryDict("status=detained,released&published=true")).form.as_p()
    assert '<option value="detained" selected>' in html
    assert '<option value="released" selected>' in html
    assert '<option value="true" selected>' in html

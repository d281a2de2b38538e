from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import Actor, Case, Charge, Citation, Event, Position, Source
from cases.text.quotes import find_quote

pytestmark = pytest.mark.django_db

ARTICLE = "seeds/china-daily-2021-02-06-moscow-open-to-better-washington-ties.txt"


def load():
    out = StringIO()
    call_command("load_seeds", stdout=out)
    return out.getvalue()


def record_counts():
    return {
        model: model.objects.count()
        for model in (Actor, Case, Charge, Citation, Event, Position, Source)
    }


def test_seeds_load_the_three_published_cases():
    load()
    cases = {case.slug: case for case in Case.objects.select_related("person")}
    assert set(cases) == {"alexei-navalny-2021", "paul-whelan", "trevor-reed"}
    assert all(case.published for case in cases.values())
    navalny = cases["alexei-navalny-2021"]
    assert navalny.display_date("detained_on") == "17 Jan 2021"
    assert navalny.place == "Moscow"
    assert navalny.detaining_country.code == "RU"


def test_seeds_record_the_charges_the_article_names():
    load()
    charges = {(c.case.person.name, c.description, c.outcome) for c in Charge.objects.all()}
    assert charges == {
        ("Paul Whelan", "Espionage", "convicted"),
        ("Trevor Reed", "Assaulting a police officer", "convicted"),
    }


def test_seeds_record_the_positions_the_article_reports():
    load()
    positions = {
        (p.case.person.name, p.actor.name, p.stance)
        for p in Position.objects.select_related("case__person", "actor")
    }
    assert ("Alexei Navalny", "United States", "calls_for_release") in positions
    assert ("Alexei Navalny", "Russia", "rejects_interference") in positions
    assert ("Paul Whelan", "Antony Blinken", "calls_for_release") in positions
    assert ("Trevor Reed", "Antony Blinken", "calls_for_release") in positions
    assert ("Paul Whelan", "United States", "disputes_charges") in positions
    assert ("Trevor Reed", "United States", "disputes_charges") in positions


def test_every_seeded_fact_has_a_citation_verbatim_in_the_article():
    load()
    cited = {
        "charge": set(Citation.objects.values_list("charge", flat=True)),
        "event": set(Citation.objects.values_list("event", flat=True)),
        "position": set(Citation.objects.values_list("position", flat=True)),
        "case": set(Citation.objects.values_list("case", flat=True)),
    }
    assert set(Charge.objects.values_list("id", flat=True)) <= cited["charge"]
    assert set(Event.objects.values_list("id", flat=True)) <= cited["event"]
    assert set(Position.objects.values_list("id", flat=True)) <= cited["position"]
    assert set(Case.objects.values_list("id", flat=True)) <= cited["case"]
    with open(ARTICLE, encoding="utf-8") as article:
        raw = article.read()
    for citation in Citation.objects.select_related("source"):
        assert citation.source.text[citation.start : citation.end] == citation.quote
        assert find_quote(raw, citation.quote) is not None


def test_the_seed_source_keeps_the_article_and_invents_nothing():
    load()
    source = Source.objects.get()
    assert source.title == "Moscow open to better Washington ties"
    assert source.outlet == "China Daily"
    assert source.url == ""
    assert source.published_at is None
    assert source.byline == "By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12"
    assert source.text.startswith("Russian Foreign Minister Sergei Lavrov")


def test_loading_the_seeds_twice_changes_nothing():
    load()
    before = record_counts()
    updated = list(Case.objects.order_by("pk").values_list("updated_at", flat=True))
    output = load()
    assert record_counts() == before
    assert list(Case.objects.order_by("pk").values_list("updated_at", flat=True)) == updated
    assert "Created: nothing" in output


def test_loading_the_seeds_keeps_an_editors_changes():
    load()
    Case.objects.filter(slug="paul-whelan").update(summary="Edited by a researcher.")
    load()
    assert Case.objects.get(slug="paul-whelan").summary == "Edited by a researcher."


def test_importing_the_seed_article_after_loading_the_seeds_finds_it_present():
    load()
    out = StringIO()
    call_command("import_article", ARTICLE, stdout=out)
    assert Source.objects.count() == 1
    assert "1 already present" in out.getvalue()

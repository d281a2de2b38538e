import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import Actor, Case, Charge, Citation, Event, Person, Position, Source
from cases.text.markdown import parse_markdown_article
from cases.text.quotes import find_quote

pytestmark = pytest.mark.django_db

ARTICLE = "seeds/china-daily-2021-02-06-moscow-open-to-better-washington-ties.txt"
WHITEHOUSE = Path("seeds/whitehouse")


def load():
    out = StringIO()
    call_command("load_seeds", stdout=out)
    return out.getvalue()


def record_counts():
    return {
        model: model.objects.count()
        for model in (Actor, Case, Charge, Citation, Event, Position, Source)
    }


def test_seeds_load_the_six_published_cases():
    load()
    cases = {case.slug: case for case in Case.objects.select_related("person")}
    assert set(cases) == {
        "alexei-navalny-2021",
        "paul-whelan",
        "trevor-reed",
        "evan-gershkovich",
        "alsu-kurmasheva",
        "vladimir-kara-murza",
    }
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
        texts = {"China Daily": article.read()}
    for path in WHITEHOUSE.glob("*.md"):
        article = parse_markdown_article(path.read_text(encoding="utf-8"))
        texts[article.title] = article.text
    for citation in Citation.objects.select_related("source"):
        assert citation.source.text[citation.start : citation.end] == citation.quote
        raw = texts.get(citation.source.outlet) or texts[citation.source.title]
        assert find_quote(raw, citation.quote) is not None


def test_the_seed_source_keeps_the_article_and_invents_nothing():
    load()
    source = Source.objects.get(outlet="China Daily")
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
    assert Source.objects.count() == 7
    assert "1 already present" in out.getvalue()


def test_importing_the_white_house_folder_on_the_seeded_registry_finds_all_six_present():
    load()
    out = StringIO()
    call_command("import_article", str(WHITEHOUSE), stdout=out)
    assert "0 imported, 6 already present, 0 failed." in out.getvalue()
    assert Source.objects.count() == 7


def test_the_seeded_citations_all_verify():
    load()
    out = StringIO()
    call_command("verify_citations", stdout=out)
    assert "All 51 citation(s) found in their sources." in out.getvalue()


def test_the_white_house_sources_keep_their_titles_dates_and_urls():
    load()
    sources = Source.objects.filter(outlet="The White House")
    assert {source.kind for source in sources} == {"official_statement"}
    navalny = sources.get(
        title="Remarks by President Biden on the Reported Death of Aleksey Navalny"
    )
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    assert navalny.published_at == datetime.datetime(2024, 2, 16, 15, 42, 13, tzinfo=eastern)
    assert navalny.url.endswith(
        "/remarks-by-president-biden-on-the-reported-death-of-aleksey-navalny/"
    )


def status_history(slug):
    from cases.models.status import in_sequence

    case = Case.objects.get(slug=slug)
    return case, [
        (c.status, c.changed_on, c.certainty, c.placed_on)
        for c in in_sequence(case.status_changes.with_sources())
    ]


def test_reed_is_released_on_the_day_the_white_house_welcomed_him_home():
    load()
    case, history = status_history("trevor-reed")
    assert case.status == "released"
    assert case.display_date("released_on") == "27 Apr 2022"
    assert history[-1][:3] == ("released", datetime.date(2022, 4, 27), "confirmed")
    # The article's imprisonment stays, placed at the article's date.
    assert history[0] == ("imprisoned", None, "confirmed", datetime.date(2021, 2, 6))


def test_whelan_and_the_three_others_are_released_on_1_august_2024_not_exchanged():
    load()
    for slug in ("paul-whelan", "evan-gershkovich", "alsu-kurmasheva", "vladimir-kara-murza"):
        case, history = status_history(slug)
        assert case.status == "released", slug
        assert case.display_date("released_on") == "1 Aug 2024"
        assert history[-1][:3] == ("released", datetime.date(2024, 8, 1), "confirmed")


def test_the_statement_of_1_august_2024_gives_no_citizenship_to_guess():
    load()
    for slug in ("evan-gershkovich", "alsu-kurmasheva", "vladimir-kara-murza"):
        assert list(Person.objects.get(slug=slug).citizenships) == []


def test_navalnys_death_is_reported_then_confirmed_and_its_date_stays_unknown():
    load()
    case, history = status_history("alexei-navalny-2021")
    assert case.status == "died_in_custody"
    assert history == [
        ("detained", datetime.date(2021, 1, 17), "confirmed", datetime.date(2021, 1, 17)),
        ("died_in_custody", None, "reported", datetime.date(2024, 2, 16)),
        ("died_in_custody", None, "confirmed", datetime.date(2024, 2, 22)),
    ]


def test_dates_from_a_texts_today_are_its_publication_day_and_others_stay_unknown():
    load()
    whelan = Case.objects.get(slug="paul-whelan")
    # "Today marks four years of wrongful detention": the statement's day, not a detention date.
    assert whelan.detained_on is None
    sullivan = Position.objects.get(case=whelan, actor__name="Jake Sullivan")
    assert sullivan.display_date("stated_on") == "28 Dec 2022"
    assert "Today marks four years" in sullivan.citations.get(quote__startswith="Today").quote

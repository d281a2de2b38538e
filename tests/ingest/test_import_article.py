import datetime
import shutil
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cases.ingest.articles import source_from_text
from cases.models import Source, SourceLink
from tests.factories import CaseFactory, CitationFactory, PersonFactory

SEED = (
    Path(settings.BASE_DIR)
    / "seeds"
    / "china-daily-2021-02-06-moscow-open-to-better-washington-ties.txt"
)
SAVED_PAGE = Path(__file__).parent.parent / "data" / "saved-article.html"
WHITEHOUSE = Path(settings.BASE_DIR) / "seeds" / "whitehouse"

pytestmark = pytest.mark.django_db


def import_article(*args, stdout=None, **options):
    """Run the command; its output, which a test that expects failure reads from `stdout`."""
    stdout = stdout or StringIO()
    call_command("import_article", *map(str, args), stdout=stdout, **options)
    return stdout.getvalue()


@pytest.fixture
def registry():
    """The three cases the seed article concerns, and people it does not mention."""
    return {
        "navalny": CaseFactory(
            person=PersonFactory(
                name="Alexei Navalny", native_name="Алексей Навальный", citizenships=["RU"]
            )
        ),
        "whelan": CaseFactory(person=PersonFactory(name="Paul Whelan")),
        "reed": CaseFactory(person=PersonFactory(name="Trevor Reed")),
        "petrov": CaseFactory(person=PersonFactory(name="Ivan Petrov")),
        "hastings": CaseFactory(person=PersonFactory(name="Reed Hastings")),
    }


def write(directory, name, text):
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


EXPECTED_SEED_ARTICLE = {
    "title": "Moscow open to better Washington ties",
    "byline": "By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12",
    "author": "Ren Qi",
    "outlet": "China Daily",
    "dateline": "Moscow",
    "updated_at": datetime.datetime(2021, 2, 6, 9, 12, tzinfo=datetime.UTC),
    "published_at": None,
}

EXPECTED_SAVED_PAGE = {
    "title": "US envoy visits Paul Whelan in Mordovia prison camp",
    "author": "Maria Example",
    "outlet": "The Example Herald",
    "url": "https://herald.example.org/world/2022/06/14/whelan-visit",
    "language": "en",
    "published_at": datetime.datetime(2022, 6, 14, 8, 30, tzinfo=datetime.UTC),
}


def fields_of(source, expected):
    return {name: getattr(source, name) for name in expected}


def test_it_imports_the_seed_article_with_its_byline():
    import_article(SEED)

    source = Source.objects.get()
    assert fields_of(source, EXPECTED_SEED_ARTICLE) == EXPECTED_SEED_ARTICLE
    assert source.text.startswith("Russian Foreign Minister Sergei Lavrov")
    assert source.text.endswith("assaulting a police officer.")


def test_importing_the_seed_suggests_the_navalny_whelan_and_reed_cases_and_nothing_else(registry):
    output = import_article(SEED)

    links = SourceLink.objects.all()
    assert {link.case for link in links} == {
        registry["navalny"],
        registry["whelan"],
        registry["reed"],
    }
    assert {link.status for link in links} == {SourceLink.Status.SUGGESTED}
    assert "Alexei Navalny" in output
    assert "Paul Whelan" in output
    assert "Trevor Reed" in output
    assert "Ivan Petrov" not in output
    assert "1 imported, 0 already present, 0 failed." in output


def test_importing_the_same_text_again_changes_nothing_and_says_so(registry):
    import_article(SEED)
    source = Source.objects.get()

    output = import_article(SEED)

    assert list(Source.objects.all()) == [source]
    assert Source.objects.get().modified_at == source.modified_at
    assert SourceLink.objects.count() == 3
    assert f"Already present, nothing changed: {SEED} is source #{source.pk}" in output
    assert "0 imported, 1 already present, 0 failed." in output


def test_byline_times_are_read_in_the_given_time_zone():
    import_article(SEED, timezone="Asia/Shanghai")

    assert Source.objects.get().updated_at == datetime.datetime(
        2021, 2, 6, 9, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")
    )


def test_options_set_url_outlet_language_and_publication_time():
    import_article(
        SEED,
        url="https://www.chinadaily.com.cn/a/202102/06/example.html",
        outlet="China Daily Global",
        language="en",
        published_at="2021-02-06 09:00",
        timezone="Asia/Shanghai",
    )

    source = Source.objects.get()
    assert source.url == "https://www.chinadaily.com.cn/a/202102/06/example.html"
    assert source.outlet == "China Daily Global"
    assert source.language == "en"
    assert source.published_at == datetime.datetime(2021, 2, 6, 1, 0, tzinfo=datetime.UTC)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(CommandError, match="unknown time zone"):
        import_article(SEED, timezone="Mars/Olympus_Mons")


def test_a_url_for_several_files_is_refused(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    write(tmp_path, "b.txt", "Another title\nAnother body.\n")

    with pytest.raises(CommandError, match="one article"):
        import_article(tmp_path, url="https://example.org/a")


def test_it_imports_a_saved_html_page():
    import_article(SAVED_PAGE)

    source = Source.objects.get()
    assert fields_of(source, EXPECTED_SAVED_PAGE) == EXPECTED_SAVED_PAGE
    assert source.text.startswith("The US ambassador to Russia visited Paul Whelan on Monday")
    assert "Subscribe now" not in source.text
    assert "All rights reserved" not in source.text
    assert "Most read" not in source.text


def test_a_saved_page_suggests_the_cases_it_mentions(registry):
    output = import_article(SAVED_PAGE)

    assert [link.case for link in SourceLink.objects.all()] == [registry["whelan"]]
    assert "matched Paul Whelan, Whelan" in output


def test_a_directory_imports_every_article_and_reports_failures_without_stopping(tmp_path):
    shutil.copy(SEED, tmp_path / "01-seed.txt")
    write(tmp_path, "02-empty.txt", "")
    write(tmp_path, "03-title-only.txt", "Nothing follows this title\n")
    write(tmp_path, "04-other.txt", "Second article\nBy JANE DOE | REUTERS\n\nIts body.\n")
    (tmp_path / "05-binary.txt").write_bytes(b"\x00\x01\x02garbage\xff")
    write(tmp_path, "notes.rst", "Not an article\n")

    with pytest.raises(CommandError, match="3 file"):
        import_article(tmp_path, stdout=(stdout := StringIO()))

    output = stdout.getvalue()
    assert sorted(Source.objects.values_list("title", flat=True)) == [
        "Moscow open to better Washington ties",
        "Second article",
    ]
    assert f"Failed: {tmp_path / '02-empty.txt'}: the text is empty" in output
    assert f"Failed: {tmp_path / '03-title-only.txt'}: there is no body text" in output
    assert f"Failed: {tmp_path / '05-binary.txt'}: not text" in output
    assert "notes.rst" not in output
    assert "2 imported, 0 already present, 3 failed." in output


def test_a_missing_file_is_reported_by_name(tmp_path):
    missing = tmp_path / "missing.txt"

    with pytest.raises(CommandError):
        import_article(missing, stdout=(stdout := StringIO()))

    assert f"Failed: {missing}: No such file or directory" in stdout.getvalue()


def test_a_source_that_fails_validation_is_reported_with_the_reason(tmp_path):
    path = write(tmp_path, "long.txt", "T" * 600 + "\nBody.\n")

    with pytest.raises(CommandError):
        import_article(path, stdout=(stdout := StringIO()))

    assert "title: Ensure this value has at most 500 characters" in stdout.getvalue()
    assert not Source.objects.exists()


def test_pasted_text_gets_the_same_parsing_of_its_first_lines():
    source = source_from_text(SEED.read_text(encoding="utf-8"), language="en")

    assert source.pk is None
    assert source.title == "Moscow open to better Washington ties"
    assert source.author == "Ren Qi"
    assert source.outlet == "China Daily"
    assert source.dateline == "Moscow"
    assert source.language == "en"
    assert source.text.startswith("Russian Foreign Minister")


def test_what_an_editor_typed_wins_over_the_pasted_byline():
    source = source_from_text("A title\nBy REN QI | CHINA DAILY\n\nBody.", outlet="China Daily USA")

    assert source.outlet == "China Daily USA"
    assert source.author == "Ren Qi"


def test_the_api_lists_a_sources_accepted_and_suggested_cases_but_not_rejected_ones(client):
    accepted, suggested, rejected = CaseFactory(), CaseFactory(), CaseFactory()
    source = CitationFactory(case=accepted).source
    SourceLink.objects.create(source=source, case=accepted, status=SourceLink.Status.ACCEPTED)
    SourceLink.objects.create(source=source, case=suggested, matched_names="Paul Whelan")
    SourceLink.objects.create(source=source, case=rejected, status=SourceLink.Status.REJECTED)
    links = client.get(f"/api/v1/sources/{source.pk}/").json()["links"]
    assert {(link["case"]["slug"], link["status"]) for link in links} == {
        (accepted.slug, "accepted"),
        (suggested.slug, "suggested"),
    }


def test_the_api_hides_links_to_draft_cases_from_the_public(client):
    source = CitationFactory().source
    SourceLink.objects.create(source=source, case=CaseFactory(published=False))
    assert client.get(f"/api/v1/sources/{source.pk}/").json()["links"] == []


def test_it_imports_the_six_white_house_statements_with_titles_offsets_urls_and_text():
    output = import_article(WHITEHOUSE, outlet="The White House")

    assert "6 imported, 0 already present, 0 failed." in output
    sources = {source.published_at.date().isoformat(): source for source in Source.objects.all()}
    assert sorted(sources) == [
        "2021-01-26",
        "2022-04-27",
        "2022-12-28",
        "2024-02-16",
        "2024-02-22",
        "2024-08-01",
    ]
    reed = sources["2022-04-27"]
    assert reed.title == "Statement from President Joe Biden on the Return of Trevor Reed"
    assert reed.outlet == "The White House"
    eastern_daylight = datetime.timezone(datetime.timedelta(hours=-4))
    assert reed.published_at == datetime.datetime(2022, 4, 27, 7, 57, 24, tzinfo=eastern_daylight)
    assert reed.url.endswith(
        "/2022/04/27/statement-from-president-joe-biden-on-the-return-of-trevor-reed/"
    )
    assert reed.text.startswith("Today, we welcome home Trevor Reed and celebrate his return")
    navalny = sources["2024-02-16"]
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    assert navalny.published_at == datetime.datetime(2024, 2, 16, 15, 42, 13, tzinfo=eastern)
    assert navalny.updated_at == datetime.datetime(2024, 2, 16, 15, 42, 14, tzinfo=eastern)
    assert "the reported death of Aleksey Navalny." in navalny.text


def test_importing_the_statements_again_finds_all_six_present():
    import_article(WHITEHOUSE)

    output = import_article(WHITEHOUSE)

    assert "0 imported, 6 already present, 0 failed." in output
    assert Source.objects.count() == 6


RUSSIAN_ARTICLE = (
    "Суд продлил арест журналиста\n"
    "\n"
    "Московский суд продлил срок содержания под стражей журналиста ещё на три месяца.\n"
)


@pytest.mark.parametrize(
    "encoding, reported",
    [("cp1251", "read as cp1251, a guess"), ("koi8_r", "read as koi8_r, a guess")],
)
def test_an_article_in_a_legacy_code_page_is_read_and_the_guess_reported(
    tmp_path, encoding, reported
):
    path = tmp_path / "arrest.txt"
    path.write_bytes(RUSSIAN_ARTICLE.encode(encoding))

    output = import_article(path)

    source = Source.objects.get()
    assert source.title == "Суд продлил арест журналиста"
    assert source.text.startswith("Московский суд продлил срок")
    assert reported in output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_an_article_in_unicode_with_a_byte_order_mark_is_read_without_remark(tmp_path, encoding):
    path = tmp_path / "arrest.txt"
    path.write_bytes(RUSSIAN_ARTICLE.encode(encoding))

    output = import_article(path)

    assert Source.objects.get().title == "Суд продлил арест журналиста"
    assert "a guess" not in output


def test_a_file_of_control_characters_is_not_an_article(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)

    with pytest.raises(CommandError):
        import_article(path, stdout=(stdout := StringIO()))

    assert "not text" in stdout.getvalue()
    assert not Source.objects.exists()


def test_a_statement_saved_with_windows_line_endings_is_the_same_text(tmp_path):
    original = next(WHITEHOUSE.glob("2024-02-16-*.md"))
    import_article(original)
    saved = tmp_path / original.name
    saved.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))

    output = import_article(saved)

    assert "0 imported, 1 already present, 0 failed." in output
    assert Source.objects.count() == 1


def test_a_broken_markdown_file_among_good_ones_fails_alone(tmp_path):
    for path in sorted(WHITEHOUSE.glob("*.md"))[:2]:
        shutil.copy(path, tmp_path / path.name)
    write(tmp_path, "2023-01-01-broken.md", '---\ntitle: "Unclosed\n---\nBody.\n')

    with pytest.raises(CommandError, match="1 file"):
        import_article(tmp_path, stdout=(stdout := StringIO()))

    output = stdout.getvalue()
    assert (
        f"Failed: {tmp_path / '2023-01-01-broken.md'}: the front matter is not valid YAML" in output
    )
    assert "2 imported, 0 already present, 1 failed." in output
    assert Source.objects.count() == 2


def test_pasted_markdown_is_read_like_an_imported_file():
    path = next(WHITEHOUSE.glob("2024-08-01-*.md"))

    source = source_from_text(path.read_text(encoding="utf-8"), outlet="The White House")

    assert (
        source.title
        == "Statement by President Joe Biden on Securing the Release of Americans Detained in Russia"
    )
    assert source.outlet == "The White House"
    assert source.url.startswith("https://bidenwhitehouse.archives.gov/")
    assert source.text.startswith(
        "Today, three American citizens and one American green-card holder"
    )


# The SHA-256 of each stored text, as imported before the Markdown reader learnt links,
# lists and the like: sources are found again by it, so a changed text would be imported
# a second time. (The same digests are in tests/api/responses/source-list.json.)
STORED_TEXT_SHA256 = {
    SEED.name: "101999e61b7fdf5f40d98e0c1ecc97b1a5fc06d8c9da5a24d409b2c9e2098cc5",
    "2021-01-26": "5ae439cad48c007fe91f6a954b9ff12783f9b1e395d59d0eff29ff45f43a67d3",
    "2022-04-27": "81e3aa9e5a6fe5a01dfac33d674a3ff3366a2255ba7a519d7827c9b3bbba3ed0",
    "2022-12-28": "926c09e03c0683b22a8d33dbb0ec123c846f51991d4456c64eec01f15c8c380c",
    "2024-02-16": "0decbfa19b07bd5bca08542884109e09e0fd4d5e7746303ecee55f043a0cb556",
    "2024-02-22": "ceae0dd6487519698a4b1b9960ca97502ecb5fbf04abe7ae05a83f6a957754b9",
    "2024-08-01": "710034791d3069aedeac4b79f381c0b186cacda0dfe6c10fdf89ee573922dd1a",
}


@pytest.mark.parametrize("article", STORED_TEXT_SHA256)
def test_the_seed_articles_are_stored_with_the_text_they_always_had(article):
    path = SEED if article == SEED.name else next(WHITEHOUSE.glob(f"{article}-*.md"))

    import_article(path)

    assert Source.objects.get().sha256 == STORED_TEXT_SHA256[article]


def test_a_statement_with_null_fields_imports_without_them(tmp_path):
    path = write(
        tmp_path,
        "statement.md",
        "---\n"
        "title: A statement\n"
        "date: '2022-04-27'\n"
        "published_time: ~\n"
        "modified_time: null\n"
        "source_url:\n"
        "---\n"
        "Its text.\n",
    )

    output = import_article(path)

    assert "1 imported" in output
    source = Source.objects.get()
    assert source.published_at == datetime.datetime(2022, 4, 27, tzinfo=datetime.UTC)
    assert source.updated_at is None
    assert source.url == ""


def test_an_evening_statement_speaks_for_the_day_it_was_published_where_it_was(client, tmp_path):
    # 21:45 in Washington is 02:45 the next day in UTC, the registry's time zone.
    path = write(
        tmp_path,
        "evening.md",
        "---\n"
        "title: A statement made in the evening\n"
        "date: '2023-03-10'\n"
        "published_time: 2023-03-10 21:45:00-05:00\n"
        "---\n"
        "Today, a made-up prisoner came home.\n",
    )

    import_article(path)

    source = Source.objects.get()
    assert (source.dated_on, source.utc_offset) == (datetime.date(2023, 3, 10), -300)
    assert source.published_at.astimezone(datetime.UTC).day == 11
    case = CaseFactory(published=True)
    CitationFactory(case=case, source=source, quote="a made-up prisoner came home")
    assert client.get(f"/api/v1/cases/{case.slug}/").json()["last_sourced_on"] == "2023-03-10"
    page = client.get(f"/sources/{source.pk}/").content.decode()
    assert "10 Mar 2023, 21:45 UTC-05:00" in page


def test_a_governments_statement_is_imported_as_one_and_the_importer_has_the_last_word(tmp_path):
    import_article(WHITEHOUSE)
    assert set(Source.objects.values_list("kind", flat=True)) == {"official_statement"}
    statement = "---\ntitle: {title}\nsource_url: {url}\n---\nA made-up text about {title}.\n"
    cases = {
        "ministry": "https://www.gov.uk/government/news/a-made-up-statement",
        "kremlin": "http://kremlin.ru/events/president/news/1",
        "newspaper": "https://news.example.org/2024/01/01/a-story",
    }
    for title, url in cases.items():
        write(tmp_path, f"{title}.md", statement.format(title=title, url=url))
    import_article(tmp_path)
    kinds = dict(Source.objects.filter(title__in=cases).values_list("title", "kind"))
    assert kinds == {
        "ministry": "official_statement",
        "kremlin": "official_statement",
        "newspaper": "news_article",
    }
    write(tmp_path, "report.md", statement.format(title="report", url=cases["ministry"]))
    import_article(tmp_path / "report.md", kind="report")
    assert Source.objects.get(title="report").kind == "report"


def test_a_corrected_statement_at_the_same_address_is_a_new_version_said_so(tmp_path):
    statement = (
        "---\ntitle: A statement\nsource_url: https://www.example.gov/statement\n"
        "published_time: 2024-01-02 10:00:00-05:00\n{modified}---\n{text}\n"
    )
    first = write(tmp_path, "first.md", statement.format(modified="", text="A made-up text."))
    import_article(first)
    corrected = write(
        tmp_path,
        "corrected.md",
        statement.format(
            modified="modified_time: 2024-01-03 09:00:00-05:00\n", text="A made-up text, corrected."
        ),
    )

    output = import_article(corrected)

    earlier = Source.objects.get(text="A made-up text.")
    assert (
        f"  a new version of source #{earlier.pk} “{earlier}” (same address, another text): "
        "citations stay with the version they quote" in output
    )
    assert Source.objects.count() == 2
    assert "new version" not in import_article(corrected)  # Already present: nothing new.


def test_a_saved_page_leaves_out_struck_words_as_the_markdown_reading_does(tmp_path):
    page = SAVED_PAGE.read_text(encoding="utf-8").replace(
        "where the former Marine", "where the <s>former</s> <del>US</del> Marine"
    )
    import_article(write(tmp_path, "visit.html", page))

    assert "in Mordovia where the Marine is serving" in Source.objects.get().text

import datetime
from pathlib import Path

import pytest

from cases.text.markdown import MarkdownError, markdown_to_text, parse_markdown_article
from cases.text.quotes import find_quote

WHITEHOUSE = Path(__file__).resolve().parents[2] / "seeds" / "whitehouse"


def read(prefix):
    (path,) = WHITEHOUSE.glob(f"{prefix}-*.md")
    return parse_markdown_article(path.read_text(encoding="utf-8"))


def offset(hours):
    return datetime.timezone(datetime.timedelta(hours=hours))


def test_the_title_decodes_yaml_escapes_and_shows_non_breaking_spaces_as_spaces():
    assert read("2022-12-28").title == (
        "Statement by National Security Advisor Jake Sullivan on the Four Year Anniversary "
        "of Paul Whelan\u2019s Wrongful Detention"
    )
    assert read("2024-02-22").title == (
        "Readout of President Biden\u2019s Meeting with Yulia Navalnaya and Dasha Navalnaya"
    )
    assert "\u00a0" not in read("2021-01-26").title


def test_the_publication_time_keeps_its_utc_offset():
    assert read("2021-01-26").published == datetime.datetime(
        2021, 1, 26, 14, 26, 27, tzinfo=offset(-5)
    )
    assert read("2022-04-27").published == datetime.datetime(
        2022, 4, 27, 7, 57, 24, tzinfo=offset(-4)
    )
    assert read("2021-01-26").updated == datetime.datetime(
        2021, 1, 26, 14, 26, 28, tzinfo=offset(-5)
    )
    assert read("2024-08-01").updated is None


def test_without_a_published_time_the_date_then_the_modified_time_is_used():
    text = (
        "---\ndate: '2022-04-27'\nmodified_time: 2022-04-28 10:00:00+00:00\ntitle: T\n---\nBody.\n"
    )
    assert parse_markdown_article(text).published == datetime.date(2022, 4, 27)
    text = "---\nmodified_time: 2022-04-28 10:00:00+00:00\ntitle: T\n---\nBody.\n"
    assert parse_markdown_article(text).published == datetime.datetime(
        2022, 4, 28, 10, tzinfo=datetime.UTC
    )


def test_the_source_url_is_read():
    assert read("2022-04-27").url == (
        "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/04/27/"
        "statement-from-president-joe-biden-on-the-return-of-trevor-reed/"
    )


def test_the_archives_sections_are_read_as_tags():
    assert read("2022-04-27").tags == ["statements-releases"]
    text = "---\ntitle: T\ntags: [speeches-remarks, russia]\n---\nBody.\n"
    assert parse_markdown_article(text).tags == ["speeches-remarks", "russia"]


@pytest.mark.parametrize(
    "text",
    [
        "\n\n---\ntitle: T\n---\nBody.\n",
        "---\ntitle: T\n...\nBody.\n",
        "\ufeff  \n---\ntitle: T\n---\nBody.\n",
    ],
    ids=["blank-lines-before", "yaml-document-end", "bom-and-spaces"],
)
def test_a_front_matter_after_blank_lines_or_closed_by_dots_is_read(text):
    article = parse_markdown_article(text)
    assert (article.title, article.text) == ("T", "Body.")


def test_wrapped_lines_are_joined_into_paragraphs():
    text = read("2022-04-27").text
    assert text.startswith(
        "Today, we welcome home Trevor Reed and celebrate his return to the family that "
        "missed him dearly. Trevor, a former U.S. Marine, is free from Russian detention."
    )
    assert "\n\nI\u2019m grateful for the tireless" in text


def test_markdown_escapes_are_undone():
    assert read("2022-04-27").text.endswith("\n\n###")
    assert "\\" not in read("2024-02-16").text
    assert "[the] citizens of other countries" in read("2024-02-16").text


def test_trailing_double_spaces_are_dropped_and_a_mid_sentence_break_joined():
    text = read("2024-02-16").text
    assert "Roosevelt Room\n\n12:37 P.M. EST\n\nTHE PRESIDENT:" in text
    assert "there has to be a \u2014 a temporary ceasefire" in text
    assert not any(line != line.rstrip() for line in text.split("\n"))


def test_struck_words_are_left_out_with_the_space_before_them():
    text = read("2024-02-16").text
    assert "target\u00a0[the] citizens" in text
    assert "his</s>" not in text and "<s>" not in text
    assert markdown_to_text("a <s>b</s> c") == "a c"


def test_struck_words_do_not_run_past_their_paragraph():
    text = markdown_to_text("Kept <s>unclosed.\n\nKept too.</s> And this.")

    assert text == "Kept unclosed.\n\nKept too. And this."


def test_struck_words_at_a_paragraph_start_keep_the_break_before_them():
    assert markdown_to_text("First.\n\n<s>Struck</s> Second.") == "First.\n\nSecond."


def test_struck_words_wrapped_over_lines_are_left_out():
    assert markdown_to_text("target <s>his\nown</s> \\[the\\] citizens") == (
        "target [the] citizens"
    )


def test_a_long_text_with_strikes_left_open_is_read_whole():
    paragraph = "Every word stays. " * 40 + "<s>" + "And so do these words. " * 40
    markdown = "<s>Opened here\n\n" + f"{paragraph}\n\n" * 125 + "closed here.</s>"

    text = markdown_to_text(markdown)

    assert len(markdown) > 200_000
    assert text == "\n\n".join(
        ["Opened here", *[paragraph.replace("<s>", "").strip()] * 125, "closed here."]
    )


def test_long_runs_of_trailing_spaces_are_dropped():
    markdown = "Word." + " " * 10_000 + "\n" + "<s>struck</s>" + " " * 200_000 + "\nEnd."

    assert markdown_to_text(markdown) == "Word. End."


def test_quotes_read_as_the_statement_reads():
    text = read("2024-02-16").text
    for quote in (
        "the reported death of Aleksey Navalny",
        "Reports of his death, if they\u2019re true",
        "Putin is responsible for Navalny\u2019s death.",
        "Putin does not only target [the] citizens of other countries",
    ):
        assert find_quote(text, quote) is not None, quote


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_lines_ended_otherwise_read_as_the_archive_file_does(ending):
    (path,) = WHITEHOUSE.glob("2024-02-16-*.md")
    text = path.read_text(encoding="utf-8")
    assert parse_markdown_article(text.replace("\n", ending)) == parse_markdown_article(text)


@pytest.mark.parametrize("null", ["null", "~", "", "Null", "NULL"])
def test_a_null_field_is_absent(null):
    text = (
        f"---\ntitle: T\ndate: '2022-04-27'\npublished_time: {null}\n"
        f"modified_time: {null}\nsource_url: {null}\n---\nBody.\n"
    )

    article = parse_markdown_article(text)

    assert article.published == datetime.date(2022, 4, 27)
    assert article.updated is None
    assert article.url == ""


def test_a_quoted_null_is_a_value():
    assert parse_markdown_article("---\ntitle: 'null'\n---\nBody.\n").title == "null"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Just a title\n\nBody.", "no YAML front matter"),
        ("---\ntitle: [unclosed\n---\nBody.\n", "not valid YAML"),
        ("---\ndate: '2022-04-27'\n---\nBody.\n", "no title"),
        ("---\ntitle: null\n---\nBody.\n", "no title"),
        ("---\ntitle: T\n---\n  \n", "no text"),
        ("---\ntitle: T\ndate: 'soon'\n---\nBody.\n", "not a date"),
    ],
)
def test_a_broken_article_is_refused_with_the_reason(text, reason):
    with pytest.raises(MarkdownError, match=reason):
        parse_markdown_article(text)

import datetime

import pytest

from cases.text.bylines import (
    LayoutError,
    parse_byline,
    parse_datetime,
    split_first_lines,
    title_case_outlet,
)


def test_it_reads_author_place_outlet_and_update_time():
    byline = parse_byline("By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12")

    assert byline.raw == "By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12"
    assert byline.authors == ("Ren Qi",)
    assert byline.place == "Moscow"
    assert byline.outlet == "China Daily"
    assert byline.updated == datetime.datetime(2021, 2, 6, 9, 12)
    assert byline.published is None


def test_a_byline_without_author_leaves_author_and_place_empty():
    byline = parse_byline("CHINA DAILY | Updated: 2021-02-06 09:12")

    assert byline.authors == ()
    assert byline.author == ""
    assert byline.place == ""
    assert byline.outlet == "China Daily"


def test_a_byline_without_place_leaves_the_dateline_empty():
    byline = parse_byline("By REN QI | CHINA DAILY | Updated: 2021-02-06 09:12")

    assert byline.authors == ("Ren Qi",)
    assert byline.place == ""


def test_a_published_date_is_the_publication_time_not_the_update_time():
    byline = parse_byline("By REN QI in Beijing | CHINA DAILY | Published: 2021-02-06 09:12")

    assert byline.published == datetime.datetime(2021, 2, 6, 9, 12)
    assert byline.updated is None


def test_it_reads_several_authors():
    byline = parse_byline("By REN QI and ZHANG YU in Moscow | CHINA DAILY")

    assert byline.authors == ("Ren Qi", "Zhang Yu")
    assert byline.author == "Ren Qi, Zhang Yu"


def test_it_reads_a_list_of_authors_with_commas_and_an_ampersand():
    byline = parse_byline("By Jane Smith, J. R. DOE & Ann Lee")

    assert byline.authors == ("Jane Smith", "J. R. Doe", "Ann Lee")


def test_a_byline_without_date_leaves_both_dates_empty():
    byline = parse_byline("By REN QI in Moscow | CHINA DAILY")

    assert byline.outlet == "China Daily"
    assert byline.published is None
    assert byline.updated is None


def test_a_date_alone_is_a_byline():
    byline = parse_byline("Published: 2021-02-06")

    assert byline.published == datetime.datetime(2021, 2, 6)
    assert (byline.authors, byline.place, byline.outlet) == ((), "", "")


def test_an_unreadable_date_is_left_empty_and_reported():
    byline = parse_byline("By REN QI | CHINA DAILY | Updated: yesterday evening")

    assert byline.updated is None
    assert byline.unreadable_dates == ("Updated: yesterday evening",)


def test_it_does_not_guess_which_of_several_segments_is_the_outlet():
    byline = parse_byline("By REN QI | AFP | XINHUA | Updated: 2021-02-06 09:12")

    assert byline.outlet == ""


def test_names_printed_in_mixed_case_are_kept_as_printed():
    byline = parse_byline("By Jean-Pierre de la Tour in Paris")

    assert byline.authors == ("Jean-Pierre de la Tour",)
    assert byline.place == "Paris"


@pytest.mark.parametrize(
    "line",
    [
        "Moscow open to better Washington ties",
        "By the time he arrived, the court had adjourned.",
        "CHINA DAILY",
        "",
    ],
)
def test_lines_that_are_not_bylines_are_not_taken_for_one(line):
    assert parse_byline(line) is None


def test_acronyms_stay_in_capitals_when_an_outlet_is_title_cased():
    assert title_case_outlet("BBC NEWS") == "BBC News"
    assert title_case_outlet("AP") == "AP"
    assert title_case_outlet("The Moscow Times") == "The Moscow Times"


def test_it_splits_title_byline_and_body():
    first_lines = split_first_lines(
        "\ufeffMoscow open to better Washington ties\r\n"
        "By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12\r\n"
        "\r\n"
        "First paragraph.\r\nSecond paragraph.\r\n"
    )

    assert first_lines.title == "Moscow open to better Washington ties"
    assert first_lines.byline.authors == ("Ren Qi",)
    assert first_lines.body == "First paragraph.\nSecond paragraph."


def test_a_text_without_byline_starts_its_body_on_the_second_line():
    first_lines = split_first_lines("A title\nThe body begins here.\n")

    assert first_lines.byline is None
    assert first_lines.body == "The body begins here."


@pytest.mark.parametrize(
    "text", ["", "\n\n", "Only a title\n", "A title\nBy REN QI | CHINA DAILY\n\n"]
)
def test_a_text_without_title_or_body_is_refused(text):
    with pytest.raises(LayoutError):
        split_first_lines(text)


def test_one_parser_reads_byline_dates_bare_days_and_iso_times_with_a_zone():
    assert parse_datetime(" 2021-02-06 09:12 ") == datetime.datetime(2021, 2, 6, 9, 12)
    assert parse_datetime("2021-02-06") == datetime.datetime(2021, 2, 6)
    aware = parse_datetime("2021-02-06T09:12:00+08:00")
    assert aware.utcoffset() == datetime.timedelta(hours=8)
    assert parse_datetime("6 February 2021") is None

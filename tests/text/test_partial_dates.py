import datetime

import pytest

from cases.text.partial_dates import (
    DAY_FIRST,
    MONTH_FIRST,
    earliest_and_latest,
    format_iso_partial,
    format_partial_date,
    parse_partial_date,
    slash_order,
    truncate,
)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "17 Jan 2021"), ("month", "Jan 2021"), ("year", "2021")],
)
def test_a_date_is_displayed_at_its_precision(precision, expected):
    assert format_partial_date(datetime.date(2021, 1, 17), precision) == expected


def test_an_unknown_date_displays_as_nothing():
    assert format_partial_date(None, "") == ""


def test_a_partial_date_is_stored_as_the_first_day_it_stands_for():
    assert truncate(datetime.date(2021, 1, 17), "month") == datetime.date(2021, 1, 1)
    assert truncate(datetime.date(2021, 1, 17), "year") == datetime.date(2021, 1, 1)
    assert truncate(datetime.date(2021, 1, 17), "day") == datetime.date(2021, 1, 17)


def test_a_month_spans_to_its_last_day():
    assert earliest_and_latest(datetime.date(2020, 2, 1), "month") == (
        datetime.date(2020, 2, 1),
        datetime.date(2020, 2, 29),
    )
    assert earliest_and_latest(datetime.date(2020, 12, 5), "month")[1] == datetime.date(
        2020, 12, 31
    )
    assert earliest_and_latest(datetime.date(2020, 6, 5), "year")[1] == datetime.date(2020, 12, 31)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1955-12-28", (datetime.date(1955, 12, 28), "day")),
        ("2021-10", (datetime.date(2021, 10, 1), "month")),
        ("1947", (datetime.date(1947, 1, 1), "year")),
        ("28.12.1955", (datetime.date(1955, 12, 28), "day")),
        ("12.03.2021 г.", (datetime.date(2021, 3, 12), "day")),
        ("1990 г.", (datetime.date(1990, 1, 1), "year")),
        ("28/12/1955", (datetime.date(1955, 12, 28), "day")),
        ("12/28/1955", (datetime.date(1955, 12, 28), "day")),
        ("05/05/2021", (datetime.date(2021, 5, 5), "day")),
        (" 2021-1 ", (datetime.date(2021, 1, 1), "month")),
        ("12.2021", (datetime.date(2021, 12, 1), "month")),
        ("2021-03-12 00:00:00", (datetime.date(2021, 3, 12), "day")),
        ("2021-03-12T14:30", (datetime.date(2021, 3, 12), "day")),
        ("12 March 2021", (datetime.date(2021, 3, 12), "day")),
        ("March 12, 2021", (datetime.date(2021, 3, 12), "day")),
        ("Sept. 2019", (datetime.date(2019, 9, 1), "month")),
        ("12 марта 2021 г.", (datetime.date(2021, 3, 12), "day")),
        ("12  марта  2021 года", (datetime.date(2021, 3, 12), "day")),
        ("Декабрь 1955", (datetime.date(1955, 12, 1), "month")),
    ],
)
def test_a_date_is_read_at_the_precision_it_is_written(text, expected):
    assert parse_partial_date(text) == expected
    assert parse_partial_date(format_iso_partial(*expected)) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1954-02-29", "no such date"),
        ("2021-13", "no such date"),
        ("life", "not a date"),
        ("03/04/2021", "may be day first or month first; write YYYY-MM-DD"),
        ("13/13/2021", "no such date"),
        ("31 February 2021", "no such date"),
        ("12 Brumaire 2021", "no month is called “Brumaire”"),
        ("2021-03-12T14:30+03:00", "not a date"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_partial_date(text)


@pytest.mark.parametrize(
    "order, expected",
    [(DAY_FIRST, datetime.date(2021, 4, 3)), (MONTH_FIRST, datetime.date(2021, 3, 4))],
)
def test_a_slash_date_is_read_in_the_order_its_list_writes_them(order, expected):
    assert parse_partial_date("03/04/2021", slash_order=order) == (expected, "day")


@pytest.mark.parametrize(
    "texts, order",
    [
        (["03/04/2021", "28/12/1955", "", "1961"], DAY_FIRST),
        (["03/04/2021", "12/28/1955 ", "2020-01-02"], MONTH_FIRST),
        (["03/04/2021", "05/05/2021", "28.12.1955"], None),
        (["28/12/1955", "12/28/1955"], None),
    ],
)
def test_the_order_of_a_lists_slash_dates_is_what_its_unambiguous_ones_show(texts, order):
    assert slash_order(texts) == order

import datetime

import pytest

from cases.text.partial_dates import earliest_and_latest, format_partial_date, truncate


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

"""Placing partial dates on a case's timeline."""

import datetime

from cases.text.timeline import Axis


def test_an_axis_covers_the_whole_stretch_of_its_least_precise_date():
    axis = Axis.covering([(datetime.date(2019, 1, 1), "year"), (datetime.date(2020, 3, 5), "day")])

    assert axis.first == datetime.date(2019, 1, 1)
    assert axis.last == datetime.date(2020, 3, 5)


def test_an_axis_reaches_until_a_given_day():
    axis = Axis.covering([(datetime.date(2021, 1, 17), "day")], until=datetime.date(2021, 2, 16))

    assert axis.days == 31


def test_no_known_date_gives_no_axis():
    assert Axis.covering([(None, "")]) is None


def test_a_year_spans_its_whole_year_and_a_day_is_narrow():
    axis = Axis(datetime.date(2019, 1, 1), datetime.date(2020, 12, 31))

    year = axis.span(datetime.date(2019, 1, 1), "year")
    day = axis.span(datetime.date(2020, 1, 1), "day")

    assert year.left == 0
    assert round(year.width) == 50
    assert round(day.left) == 50
    assert day.width < 0.2


def test_a_detention_runs_from_the_first_to_the_last_day_its_dates_may_mean():
    axis = Axis(datetime.date(2018, 12, 1), datetime.date(2019, 1, 31))

    span = axis.between(datetime.date(2018, 12, 1), "month", datetime.date(2019, 1, 1), "month")

    assert (span.left, span.width) == (0, 100)
    assert span.style == "--left: 0.000; --width: 100.000"


def test_ticks_mark_new_years_days_and_thin_out_on_long_axes():
    short = Axis(datetime.date(2018, 6, 1), datetime.date(2021, 6, 1))
    long = Axis(datetime.date(1990, 1, 1), datetime.date(2025, 1, 1))

    assert [tick.year for tick in short.ticks()] == [2019, 2020, 2021]
    assert len(long.ticks()) <= 8
    assert long.ticks()[0].year == 1990

"""Dates known only to the day, the month or the year.

Sources often say "in January 2021" or "in 2019". A partial date is stored as
an ordinary date (the first day of its month or year) plus its precision, and
is always displayed at that precision so the registry never claims more than
its source does. No Django imports: this is plain date arithmetic.
"""

import datetime

DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISIONS = (DAY, MONTH, YEAR)


def truncate(value: datetime.date, precision: str) -> datetime.date:
    """The canonical stored form of a date known to `precision`."""
    if precision == YEAR:
        return value.replace(month=1, day=1)
    if precision == MONTH:
        return value.replace(day=1)
    return value


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """'17 Jan 2021', 'Jan 2021' or '2021'; an unknown date is ''."""
    if value is None:
        return ""
    if precision == YEAR:
        return str(value.year)
    if precision == MONTH:
        return f"{value:%b} {value.year}"
    return f"{value.day} {value:%b} {value.year}"


def earliest_and_latest(
    value: datetime.date, precision: str
) -> tuple[datetime.date, datetime.date]:
    """The first and last day a partial date may stand for."""
    start = truncate(value, precision)
    if precision == YEAR:
        return start, start.replace(month=12, day=31)
    if precision == MONTH:
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    return start, start

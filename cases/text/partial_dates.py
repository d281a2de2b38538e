"""Dates known only to the day, the month or the year.

Sources often say "in January 2021" or "in 2019". A partial date is stored as
an ordinary date (the first day of its month or year) plus its precision, and
is always displayed at that precision so the registry never claims more than
its source does. No Django imports: this is plain date arithmetic.
"""

import datetime
import re

DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISIONS = (DAY, MONTH, YEAR)


def is_finer(precision: str, than: str) -> bool:
    """Whether a precision says more than another: a day more than a month."""
    return PRECISIONS.index(precision) < PRECISIONS.index(than)


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


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# A moment as databases and spreadsheets export it ("2021-03-12 00:00:00"): its day.
_ISO_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$")
# Dots are day first wherever they are written; slashes are day first in Europe and month
# first in the United States (see `slash_order`).
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOTTED_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")
# "2021 г.", "12.03.2021 года": Russian writes "year" after a year.
_YEAR_WORD = re.compile(r"(?<=\d)\s*(?:г\.?|года?)$")
DAY_FIRST = "day first"
MONTH_FIRST = "month first"
# Month names as lists of cases write them, in English and Russian: full, abbreviated, and
# the Russian genitive of "12 марта 2021".
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            "january jan январь января янв",
            "february feb февраль февраля фев февр",
            "march mar март марта мар",
            "april apr апрель апреля апр",
            "may май мая",
            "june jun июнь июня июн",
            "july jul июль июля июл",
            "august aug август августа авг",
            "september sep sept сентябрь сентября сен сент",
            "october oct октябрь октября окт",
            "november nov ноябрь ноября ноя нояб",
            "december dec декабрь декабря дек",
        ],
        start=1,
    )
    for name in names.split()
}
_MONTH = r"([^\W\d_]+)\.?"
_YEAR = r"(\d{4})(?:\s*(?:г\.?|года?))?"
_NAMED = [
    # "12 March 2021", "12 марта 2021 г."
    (re.compile(rf"^(\d{{1,2}})\s+{_MONTH}\s+{_YEAR}$"), ("day", "month", "year")),
    # "March 12, 2021"
    (re.compile(rf"^{_MONTH}\s+(\d{{1,2}}),?\s+{_YEAR}$"), ("month", "day", "year")),
    # "March 2021", "март 2021"
    (re.compile(rf"^{_MONTH},?\s+{_YEAR}$"), ("month", "year")),
]


def parse_partial_date(text: str, slash_order: str | None = None) -> tuple[datetime.date, str]:
    """A date with its precision, as people and spreadsheets write it.

    "1955-12-28", "2021-10", "1947"; "28.12.1955" and "12.2021"; a moment
    "2021-03-12 00:00:00" (its day); and with the month named in English or
    Russian: "28 December 1955", "December 28, 1955", "Dec 1955", "28 декабря
    1955 г.", "декабрь 1955".

    A slash date is read in `slash_order` (DAY_FIRST or MONTH_FIRST, as its
    list writes them: `slash_order()`); without one, only where a single order
    can read it ("28/12/1955", "12/28/1955", "05/05/2021"): "03/04/2021" is
    refused rather than guessed.

    Raises ValueError saying why for anything else, including a date that does
    not exist ("1954-02-29").
    """
    text = _YEAR_WORD.sub("", " ".join(text.split()))
    if match := _ISO_PARTIAL.match(text):
        year, month, day = match.groups()
        precision = DAY if day else MONTH if month else YEAR
        parts = (int(year), int(month or 1), int(day or 1))
    elif match := _ISO_MOMENT.match(text):
        year, month, day = match.groups()
        precision, parts = DAY, (int(year), int(month), int(day))
    elif match := _DOTTED.match(text):
        day, month, year = match.groups()
        precision, parts = DAY, (int(year), int(month), int(day))
    elif match := _SLASHED.match(text):
        first, second, year = (int(number) for number in match.groups())
        order = slash_order or _order_of(first, second)
        if order is None:
            raise ValueError(
                f"not a date: {text} may be day first or month first; write YYYY-MM-DD"
            )
        day, month = (first, second) if order == DAY_FIRST else (second, first)
        precision, parts = DAY, (year, month, day)
    elif match := _DOTTED_MONTH.match(text):
        month, year = match.groups()
        precision, parts = MONTH, (int(year), int(month), 1)
    else:
        precision, parts = _named_month_date(text)
    try:
        return datetime.date(*parts), precision
    except ValueError as error:
        raise ValueError(f"no such date ({error})") from None


def slash_order(texts) -> str | None:
    """The order in which a list's slash dates are written, as those only one order can read
    show it; None if none shows it, or if they disagree."""
    orders = set()
    for text in texts:
        if match := _SLASHED.match(" ".join(text.split())):
            first, second, _ = (int(number) for number in match.groups())
            if (first > 12) != (second > 12):
                orders.add(_order_of(first, second))
    return orders.pop() if len(orders) == 1 else None


def _order_of(first: int, second: int) -> str | None:
    """The order in which a slash date's first two numbers can be a day and a month, if only one
    (two numbers over 12 are day first, and no date)."""
    if first == second or first > 12:
        return DAY_FIRST
    if second > 12:
        return MONTH_FIRST
    return None


def _named_month_date(text: str) -> tuple[str, tuple[int, int, int]]:
    for pattern, names in _NAMED:
        if match := pattern.match(text):
            values = dict(zip(names, match.groups(), strict=True))
            month = _MONTH_NAMES.get(values["month"].casefold())
            if month is None:
                raise ValueError(f"not a date: no month is called “{values['month']}”")
            day = values.get("day")
            return (DAY if day else MONTH), (int(values["year"]), month, int(day or 1))
    raise ValueError("not a date: write YYYY-MM-DD, YYYY-MM or YYYY")


def format_iso_partial(value: datetime.date | None, precision: str) -> str:
    """The inverse of `parse_partial_date`: '2021-01-17', '2021-01' or '2021'; unknown is ''."""
    if value is None:
        return ""
    if precision == YEAR:
        return f"{value.year:04d}"
    if precision == MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
